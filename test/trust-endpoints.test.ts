import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { personalMessage } from '../adapters/teams/dev/activities.js';
import { installFakeWebApi, type FakeWebApi } from '../adapters/slack/dev/fake-web-api.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Issue 10, items 2 and 9: the unauthenticated Teams endpoint serves only a local trial, and /healthz
// checks the database and names only the platforms that serve. All through the real server.

const health = async (f: TeamsFixture) => {
  const r = await fetch(`${f.server.url}/healthz`);
  return { status: r.status, body: (await r.json()) as { ok: boolean; database: string; platforms: string[] } };
};

const post = (f: TeamsFixture, activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${f.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });

describe('Teams without Bot Framework credentials in a Slack deployment', () => {
  let f: TeamsFixture;
  let api: FakeWebApi;
  beforeAll(async () => {
    api = installFakeWebApi({ base: 'https://slack.test', tsBase: 1_700_000_000, displayName: (u) => u });
    f = await startTeamsFixture('werktafel-trust-slack-', {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: api.apiUrl,
    });
  });
  afterAll(async () => {
    await f?.close();
    api?.uninstall();
  });

  it('answers 401 to a loopback caller and posts nothing; the banner says why', async () => {
    const r = await post(f, personalMessage(f.connector.url, 'wat is omklappen?'));
    expect(r.status).toBe(401);
    await f.teams.idle();
    expect(f.connector.messages()).toHaveLength(0);
    expect(f.teams.banner.join(' ')).toMatch(/UIT.*SLACK_BOT_TOKEN.*WERKTAFEL_TEAMS_LOCAL=1/);
  });

  it('/healthz names Slack only and checks the database', async () => {
    const h = await health(f);
    expect(h).toEqual({ status: 200, body: { ok: true, database: 'ok', platforms: ['slack'] } });
  });
});

describe('Teams local trial (no credentials at all)', () => {
  let f: TeamsFixture;
  beforeAll(async () => {
    f = await startTeamsFixture('werktafel-trust-local-');
  });
  afterAll(async () => {
    await f?.close();
  });
  afterEach(() => f.connector.reset());

  it('answers a direct loopback caller whose serviceUrl is on loopback', async () => {
    const calls = await f.exchange(personalMessage(f.connector.url, 'help'));
    expect(calls.length).toBeGreaterThan(0);
    expect(f.teams.banner.join(' ')).toMatch(/ZONDER authenticatie.*X-Forwarded/);
  });

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'bot.example.org' }],
    ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
  ])('refuses a request through a proxy (%s) with 401', async (_name, headers) => {
    const r = await post(f, personalMessage(f.connector.url, 'help'), headers);
    expect(r.status).toBe(401);
    await f.teams.idle();
    expect(f.connector.messages()).toHaveLength(0);
  });

  it('refuses to reply to a serviceUrl that is not on loopback', async () => {
    const r = await post(f, personalMessage('https://evil.example/teams', 'help'));
    expect(r.status).toBe(401);
  });

  it('/healthz reports an unreachable database with 503', async () => {
    expect((await health(f)).body).toEqual({ ok: true, database: 'ok', platforms: ['teams'] });
    await f.teams.bot.services.db.close();
    const h = await health(f);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, database: 'unreachable' });
  });
});

describe('Teams local trial asked for explicitly next to Slack', () => {
  it('WERKTAFEL_TEAMS_LOCAL=1 serves loopback callers and health names both platforms', async () => {
    const api = installFakeWebApi({ base: 'https://slack.test', tsBase: 1_700_000_000, displayName: (u) => u });
    const f = await startTeamsFixture('werktafel-trust-both-', {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: api.apiUrl,
      WERKTAFEL_TEAMS_LOCAL: '1',
    });
    try {
      expect((await f.exchange(personalMessage(f.connector.url, 'help'))).length).toBeGreaterThan(0);
      expect((await health(f)).body.platforms.sort()).toEqual(['slack', 'teams']);
    } finally {
      await f.close();
      api.uninstall();
    }
  });
});
