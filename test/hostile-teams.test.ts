import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalMessage } from '../adapters/teams/dev/activities.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Teams, hostile input (issue 20), through the real server and a local connector: an activity id is
// unique only within one conversation, so two tenants may send the same one, and both are answered;
// JSON nested deeper than any activity is refused with 400.

describe('Teams, hostile input', () => {
  let teams: TeamsFixture;
  beforeAll(async () => {
    teams = await startTeamsFixture('werktafel-hostile-teams-', { WERKTAFEL_TEAMS_LOCAL: '1' });
  });
  afterAll(async () => {
    await teams?.close();
  });

  it('answers two conversations in different tenants that send the same activity id', async () => {
    const url = teams.connector.url;
    const id = String(Date.now());
    const inTenant = (activity: Record<string, unknown>, tenant: string) => ({
      ...activity,
      id,
      conversation: { ...(activity.conversation as object), tenantId: tenant },
      channelData: { tenant: { id: tenant } },
    });
    const a = inTenant(personalMessage(url, 'help', { id: '29:anna', name: 'Anna' }, 'a:chat-tenant-a'), 'tenant-a');
    const b = inTenant(personalMessage(url, 'help', { id: '29:bram', name: 'Bram' }, 'a:chat-tenant-b'), 'tenant-b');
    expect((await teams.send(a)).status).toBe(200);
    expect((await teams.send(b)).status).toBe(200);
    await teams.teams.idle(60_000);
    const answered = teams.connector
      .messages()
      .filter((c) => c.method === 'POST' && c.body.type === 'message')
      .map((c) => c.conversationId);
    expect(answered.filter((c) => c?.startsWith('a:chat-tenant-a'))).toHaveLength(1);
    expect(answered.filter((c) => c?.startsWith('a:chat-tenant-b'))).toHaveLength(1);
  });

  it('refuses an activity nested 10,000 deep with 400, and answers the next one', async () => {
    const url = teams.connector.url;
    const activity = JSON.stringify({
      ...personalMessage(url, 'help', { id: '29:diep', name: 'Diep' }, 'a:chat-deep'),
      attachments: ['DEEP'],
    });
    const body = activity.replace('"DEEP"', `${'{"a":['.repeat(10_000)}1${']}'.repeat(10_000)}`);
    const r = await fetch(`${teams.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    const calls = await teams.exchange(personalMessage(url, 'help', { id: '29:diep', name: 'Diep' }, 'a:chat-deep'));
    expect(calls.filter((c) => c.method === 'POST' && c.body.type === 'message')).toHaveLength(1);
  });
});
