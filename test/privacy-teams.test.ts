import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALEX,
  botMembership,
  channelMention,
  fileConsentInvoke,
  MEGAN,
  personalMessage,
  PERSONAL_CONVERSATION,
  TEAMS_CHANNEL,
  TENANT,
} from '../adapters/teams/dev/activities.js';
import { pendingErasure } from '../src/privacy/schedule.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Teams through the shared server and the local connector: the bot removed from a conversation
// schedules the group's erasure, added back cancels it; `gegevens` in a channel and in a chat.

let fixture: TeamsFixture;
beforeAll(async () => {
  fixture = await startTeamsFixture('werktafel-privacy-teams-');
});
afterAll(async () => {
  await fixture?.close();
});

const db = () => fixture.teams.bot.services.db;
const CHANNEL_GROUP = `teams:${TENANT}:${TEAMS_CHANNEL}`;
const text = (calls: { body: Record<string, unknown> }[]) => JSON.stringify(calls.map((c) => c.body));

describe('Teams', () => {
  it('`gegevens` in a channel tells the project leader what is stored; a chat gets the zip itself', async () => {
    await fixture.exchange(channelMention(fixture.connector.url, 'organisatie Gemeente Utrecht gemeente'));
    const shown = text(await fixture.exchange(channelMention(fixture.connector.url, 'gegevens')));
    expect(shown).toContain('Opgeslagen voor deze werkgroep');
    expect(shown).toContain('leden: 1');
    // A channel cannot take a bot's file: the card lists what the archive holds.
    expect(shown).toContain('leden.csv');
    const refused = text(await fixture.exchange(channelMention(fixture.connector.url, 'gegevens', { from: MEGAN })));
    expect(refused).toContain('Alleen een projectleider');
    expect(refused).toContain(ALEX.name);

    // A personal chat offers the zip with Teams' consent card; accepted, exactly the archive is uploaded.
    const [chat] = await fixture.exchange(personalMessage(fixture.connector.url, 'gegevens'));
    const consent = (chat.body.attachments as { contentType: string; name: string; content: any }[]).find(
      (a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent',
    )!;
    expect(consent.name).toMatch(/\.zip$/);
    expect(JSON.stringify(chat.body)).not.toContain('data:application/zip');
    const uploadUrl = fixture.connector.uploadUrl(consent.name);
    await fixture.exchange(
      fileConsentInvoke(
        fixture.connector.url,
        { context: consent.content.acceptContext },
        { action: 'accept', uploadUrl, name: consent.name },
      ),
    );
    const upload = fixture.connector.uploads.at(-1)!;
    expect(upload.bytes.length).toBe(consent.content.sizeInBytes);
    const zip = unzipSync(new Uint8Array(upload.bytes));
    expect(JSON.parse(strFromU8(zip['data/groups.json']))[0].id).toBe(`teams:${TENANT}:${PERSONAL_CONVERSATION}`);
  });

  it('the bot removed from a channel schedules its erasure; added back cancels it', async () => {
    const res = await fixture.send(botMembership(fixture.connector.url, 'removed', { id: TEAMS_CHANNEL, conversationType: 'channel' }));
    expect(res.status).toBe(200);
    const pending = (await pendingErasure(db(), CHANNEL_GROUP))!;
    expect(pending.reason).toBe('teams:bot_removed');
    expect(Math.round((pending.dueAt.getTime() - Date.now()) / 86_400_000)).toBe(30);
    // Another member leaving is no reason.
    await fixture.send({
      ...botMembership(fixture.connector.url, 'removed', { id: PERSONAL_CONVERSATION, conversationType: 'personal' }),
      membersRemoved: [{ id: MEGAN.id }],
    });
    expect(await pendingErasure(db(), `teams:${TENANT}:${PERSONAL_CONVERSATION}`)).toBeNull();

    await fixture.send(botMembership(fixture.connector.url, 'added', { id: TEAMS_CHANNEL, conversationType: 'channel' }));
    expect(await pendingErasure(db(), CHANNEL_GROUP)).toBeNull();
  });
});
