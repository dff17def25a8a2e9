import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { log } from '../src/log.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// Issue 10, item 6: bad input through the real Slack server — control characters are stripped where a
// message enters the core, numbers too large for a decision get a clear answer, and a failed write gets
// an honest apology with a reference that is logged without the member's text.

const SECRET = 'input-secret';
const CH = 'C700';
let slack: SlackFixture;

/** @Werktafel <text> in the channel; returns what the bot posted back. */
async function ask(text: string): Promise<string> {
  const before = slack.api.of('chat.postMessage', CH).length;
  const body = JSON.stringify(
    eventEnvelope({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts: slack.api.newTs(), channel: CH }),
  );
  expect((await slack.post(body, signedHeaders(SECRET, body))).status).toBe(200);
  await slack.server.slack.idle();
  return slack.api
    .of('chat.postMessage', CH)
    .slice(before)
    .map((c) => `${c.args.text}\n${JSON.stringify(c.args.blocks ?? [])}`)
    .join('\n');
}

const db = () => slack.server.slack.bot.services.db;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

beforeAll(async () => {
  nock('http://llm.test').persist().post(/.*/).reply(500, {});
  slack = await startSlackFixture({
    base: 'https://slack.test',
    tsBase: 1_730_000_000,
    displayName: () => 'Anouk\u001b[2J',
    secret: SECRET,
  });
}, 120_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await slack?.close();
});

describe('bad input through Slack', () => {
  it('NUL bytes and terminal escapes are stripped before anything is stored', async () => {
    const out = await ask('begrip kleurcode = rood \u001b[31mROOD\u001b[0m en\u0000 nul \u001b]0;titel\u0007 klaar\u009b2J');
    expect(out).toContain('Genoteerd');
    const { rows } = await db().query<{ definition: string }>(`SELECT definition FROM glossary_versions`);
    expect(rows.map((r) => r.definition)).toEqual(['rood ROOD en nul klaar']);
    const names = await db().query<{ display_name: string }>('SELECT display_name FROM members');
    for (const r of names.rows) expect(r.display_name).not.toMatch(CONTROL);
    expect(await ask('begrip kleurcode')).not.toMatch(/\\u001b|\\u0000|\\u009b/);
  });

  it('a message without a word to look for is asked what the member wants to know, not told it is off-topic', async () => {
    for (const text of ['Wat?', 'Hoeveel?', '🙂🙂']) {
      const reply = await ask(text);
      expect(reply).toMatch(/Wat wil je weten\?/);
      expect(reply).not.toMatch(/Daar gaan de documenten niet over/);
    }
    expect(await ask('Why?')).toMatch(/What would you like to know\?/);
  });

  it('a decision number too large for the database gets a clear answer, in the member’s language', async () => {
    expect(await ask('besluit 2147483648')).toContain('Besluit #2147483648 bestaat niet in deze werkgroep');
    expect(await ask('besluit 2147483648 intrekken')).toContain('Besluit #2147483648 bestaat niet');
    expect(await ask('besluit 2147483648 herzien: we starten in juni')).toContain('Besluit #2147483648 bestaat niet');
    expect(await ask('besluit we starten in mei vervangt 99999999999999999999')).toContain('Besluit #99999999999999999999 bestaat niet');
    expect(await ask('decision the plan is what we will do, replaces 99999999999999999999')).toContain(
      'Decision #99999999999999999999 does not exist',
    );
    const { rows } = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM decisions');
    expect(rows[0].n).toBe(0);
  });

  it('a failed write gets an apology that claims nothing, with a reference logged without the text', async () => {
    const logged = vi.spyOn(log, 'error');
    await db().exec('ALTER TABLE decisions RENAME TO decisions_offline');
    try {
      const out = await ask('besluit Jeugdige J. de Vries krijgt voorrang');
      expect(out).toMatch(/misschien niet opgeslagen/);
      expect(out).not.toMatch(/niets .*verloren/);
      const ref = /referentie ([A-Z0-9]{4,})/.exec(out)?.[1];
      expect(ref).toBeTruthy();
      const line = logged.mock.calls.find((c) => JSON.stringify(c).includes(ref!));
      expect(line).toBeDefined();
      expect(JSON.stringify(line)).not.toMatch(/de Vries|voorrang/);
    } finally {
      await db().exec('ALTER TABLE decisions_offline RENAME TO decisions');
    }
  });
});
