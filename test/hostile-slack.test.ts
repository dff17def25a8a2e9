import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { deadJobs } from '../src/core/jobs.js';
import { eraseGroup } from '../src/privacy/erase.js';
import { backends } from './helpers/db.js';
import { eventEnvelope, slashForm, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// Hostile input, second round (issue 20), through the real server with the Slack Web API stand-in:
// a job that keeps killing its process ends as a dead letter and the member hears so; a replayed slash
// command is answered once; a signed timestamp from the future and JSON nested 10,000 deep are refused;
// bidi overrides do not reach the store; erasure with work still queued stays erased.

const SECRET = 'hostile-signing-secret';

describe('Slack, hostile input', () => {
  let slack: SlackFixture;
  beforeAll(async () => {
    slack = await startSlackFixture({
      base: 'https://slack.test',
      tsBase: 1_720_000_000,
      displayName: (u) => (u === 'UEVIL' ? 'Kees \u202Eredlawk\u202C' : `Naam ${u}`),
      secret: SECRET,
    });
  });
  afterEach(() => slack.api.reset());
  afterAll(async () => {
    await slack?.close();
  });
  const db = () => slack.server.slack.bot.services.db;

  async function deliver(event: Record<string, unknown>) {
    const body = JSON.stringify(eventEnvelope(event));
    const r = await slack.post(body, signedHeaders(SECRET, body));
    expect(r.status).toBe(200);
    await slack.server.slack.idle();
  }
  const mention = (user: string, channel: string, text: string) =>
    deliver({ type: 'app_mention', user, text: `<@UBOT> ${text}`, ts: slack.api.newTs(), channel });
  const texts = (channel: string) => slack.api.of('chat.postMessage', channel).map((c) => String(c.args.text ?? ''));

  it('gives up a job taken three times without finishing: the member is told, the text is gone, `werktafel jobs` lists it', async () => {
    // As three crashed processes leave it: taken three times, the lease run out.
    const ts = slack.api.newTs();
    const envelope = eventEnvelope({ type: 'app_mention', user: 'U1', text: '<@UBOT> wat is omklappen?', ts, channel: 'CPOISON' });
    await db().query(
      `INSERT INTO jobs (platform, key, payload, attempts, locked_until, group_id) VALUES ('slack', $1, $2, 3, now() - interval '1 second', 'slack:T1:CPOISON')`,
      [envelope.event_id, JSON.stringify(envelope)],
    );
    slack.server.slack.bot.jobs.kick();
    await slack.server.slack.idle();
    expect(texts('CPOISON')).toEqual(['Dit bericht kon ik niet verwerken; de beheerder is ingelicht.']);
    expect(slack.api.of('chat.postMessage', 'CPOISON')[0].args.thread_ts).toBe(ts);
    const row = (
      await db().query<{ status: string; payload: unknown; attempts: number }>(
        'SELECT status, payload, attempts FROM jobs WHERE key = $1',
        [envelope.event_id],
      )
    ).rows[0];
    expect(row).toEqual({ status: 'dead', payload: null, attempts: 3 });
    const dead = await deadJobs(db());
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      platform: 'slack',
      groupId: 'slack:T1:CPOISON',
      attempts: 3,
      lastError: 'taken 3 times without finishing',
    });
  });

  it('answers a slash command replayed three times once', async () => {
    const form = slashForm({
      user: 'U1',
      channel: 'CSLASH',
      text: 'help',
      teamDomain: 'woonzorg',
      responseUrl: 'https://hooks.slack.test/commands/1',
      triggerId: '1337.42.abc',
    });
    for (let i = 0; i < 3; i++) {
      const r = await slack.post(form, signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'));
      expect(r.status).toBe(200);
    }
    await slack.server.slack.idle();
    expect(slack.api.of('chat.postMessage', 'CSLASH')).toHaveLength(1);
  });

  it('refuses a signed request with a timestamp ten minutes in the future', async () => {
    const body = JSON.stringify(
      eventEnvelope({ type: 'app_mention', user: 'U1', text: '<@UBOT> help', ts: slack.api.newTs(), channel: 'CFUTURE' }),
    );
    const r = await slack.post(body, signedHeaders(SECRET, body, 'application/json', Math.floor(Date.now() / 1000) + 600));
    expect(r.status).toBe(401);
    await slack.server.slack.idle();
    expect(slack.api.of('chat.postMessage', 'CFUTURE')).toEqual([]);
    expect((await db().query(`SELECT 1 FROM jobs WHERE group_id = 'slack:T1:CFUTURE'`)).rows).toEqual([]);
  });

  it('refuses blocks nested 10,000 deep with 400 and keeps answering', async () => {
    // Written out by hand: JSON.stringify itself overflows the stack at this depth.
    const deep = `${'{"type":"rich_text_section","elements":['.repeat(10_000)}{"type":"text","text":"x"}${']}'.repeat(10_000)}`;
    const envelope = JSON.stringify(
      eventEnvelope({ type: 'app_mention', user: 'U1', text: '<@UBOT> help', ts: slack.api.newTs(), channel: 'CDEEP', blocks: ['DEEP'] }),
    );
    const body = envelope.replace('"DEEP"', deep);
    const r = await slack.post(body, signedHeaders(SECRET, body));
    expect(r.status).toBe(400);
    await mention('U1', 'CDEEP', 'help');
    expect(slack.api.of('chat.postMessage', 'CDEEP')).toHaveLength(1);
  });

  it("refuses a member's `vervangt` of the project leader's decision", async () => {
    await mention('ULEAD', 'CVERV', 'start stap 1');
    await mention('ULEAD', 'CVERV', 'besluit We bouwen 20 woningen');
    slack.api.reset();
    await mention('UMEMBER', 'CVERV', 'besluit We bouwen niets vervangt 1');
    expect(texts('CVERV').join('\n')).toContain('Alleen wie besluit #1 heeft vastgelegd of een projectleider kan het wijzigen');
    const { rows } = await db().query<{ number: number; status: string }>(
      `SELECT number, status FROM decisions WHERE group_id = 'slack:T1:CVERV' ORDER BY number`,
    );
    expect(rows).toEqual([{ number: 1, status: 'genomen' }]);
  });

  it('stores no bidi override in names, organisations and decisions', async () => {
    await mention('UEVIL', 'CBIDI', 'organisatie Gemeente \u202Etsoo\u202C gemeente');
    await mention('UEVIL', 'CBIDI', 'besluit Huur \u202E0021 euro\u202C per maand');
    const stored = await db().query<{ t: string }>(
      `SELECT display_name || '|' || organisation AS t FROM members WHERE group_id = 'slack:T1:CBIDI'
       UNION ALL SELECT text FROM decisions WHERE group_id = 'slack:T1:CBIDI'`,
    );
    const all = stored.rows.map((r) => r.t).join('\n');
    expect(all).toContain('0021 euro');
    expect(all).toContain('Kees redlawk|Gemeente tsoo');
    expect(all).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(texts('CBIDI').join('\n')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe.each(backends)('erasure with work in flight on %s', (kind) => {
  let slack: SlackFixture;
  beforeAll(async () => {
    // One answer at a time on a slow Slack: a message for the erased group is still waiting at the erasure.
    slack = await startSlackFixture({
      base: 'https://slack.test',
      tsBase: 1_730_000_000,
      displayName: (u) => `Naam ${u}`,
      secret: SECRET,
      kind,
      chatLatencyMs: 400,
      env: { WERKTAFEL_CONCURRENCY: '1' },
    });
  });
  afterAll(async () => {
    await slack?.close();
  });
  const db = () => slack.server.slack.bot.services.db;
  async function post(user: string, channel: string, text: string) {
    const body = JSON.stringify(eventEnvelope({ type: 'app_mention', user, text: `<@UBOT> ${text}`, ts: slack.api.newTs(), channel }));
    const r = await slack.post(body, signedHeaders(SECRET, body));
    expect(r.status).toBe(200);
  }
  const count = async (sql: string) => (await db().query<{ n: number }>(sql)).rows[0].n;

  it('drops the queued message, keeps the group erased, and starts fresh on a message after the erasure', async () => {
    const A = 'slack:T1:CERASE';
    await post('U1', 'CERASE', 'besluit We huren samen een pand');
    await slack.server.slack.idle();
    expect(await count(`SELECT count(*)::int AS n FROM decisions WHERE group_id = '${A}'`)).toBe(1);

    // Another group's slow answer holds the only slot; the group's second message waits in the queue.
    await post('U2', 'COTHER', 'besluit Een ander besluit');
    await post('U1', 'CERASE', 'besluit Geheim tweede besluit');
    const queued = await db().query<{ payload: unknown }>(`SELECT payload FROM jobs WHERE group_id = $1 AND status = 'pending'`, [A]);
    expect(JSON.stringify(queued.rows)).toContain('Geheim tweede besluit');

    const erased = await eraseGroup(db(), A);
    expect(erased.counts.get('jobs')).toBeGreaterThanOrEqual(1);
    const postsBefore = slack.api.of('chat.postMessage', 'CERASE').length;
    await slack.server.slack.idle();
    expect(slack.api.of('chat.postMessage', 'CERASE')).toHaveLength(postsBefore);
    expect(await count(`SELECT count(*)::int AS n FROM jobs WHERE payload::text LIKE '%Geheim%'`)).toBe(0);
    for (const table of ['groups', 'members', 'decisions', 'decision_counters', 'bot_threads']) {
      const col = table === 'groups' ? 'id' : 'group_id';
      expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = '${A}'`), table).toBe(0);
    }

    await post('U3', 'CERASE', 'besluit Nieuw begin');
    await slack.server.slack.idle();
    const fresh = await db().query<{ number: number; text: string }>(`SELECT number, text FROM decisions WHERE group_id = $1`, [A]);
    expect(fresh.rows).toEqual([{ number: 1, text: 'Nieuw begin' }]);
    expect(await count(`SELECT count(*)::int AS n FROM members WHERE group_id = '${A}'`)).toBe(1);
  }, 60_000);
});
