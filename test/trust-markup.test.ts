import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { channelMention, personalMessage } from '../adapters/teams/dev/activities.js';
import { eventEnvelope, slashForm, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Issue 10, item 1: what members stored (organisations, names, definitions, decisions, step answers)
// never becomes live markup — through the real server, Slack with the Web API stand-in, Teams with the
// local connector.

const SECRET = 'markup-secret';
const SLACK = 'https://slack.test';
const CH = 'C900';

/** Live Slack markup: special mentions, user mentions, user groups, disguised links. */
const LIVE_SLACK = /<!(?:channel|here|everyone|subteam)|<@[A-Z0-9]|<https?:[^>]*\|/;

describe('Slack: stored text never pings or disguises a link', () => {
  let slack: SlackFixture;
  const names: Record<string, string> = { U1: 'Anouk', U2: 'Eve <!here>' };
  const slash = async (user: string, text: string) => {
    const form = slashForm({ user, channel: CH, text, teamDomain: 'w', responseUrl: `${SLACK}/commands/resp` });
    expect((await slack.post(form, signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'))).status).toBe(200);
    await slack.server.slack.idle();
  };
  const inThread = async (user: string, thread: string, text: string) => {
    const body = JSON.stringify(
      eventEnvelope({ type: 'message', channel_type: 'channel', user, text, ts: slack.api.newTs(), thread_ts: thread, channel: CH }),
    );
    expect((await slack.post(body, signedHeaders(SECRET, body))).status).toBe(200);
    await slack.server.slack.idle();
  };
  /** Everything sent to Slack in messages: the blocks and the notification text. */
  const sent = () =>
    slack.api.calls
      .filter((c) => /^chat\.(postMessage|update|postEphemeral)$/.test(c.method))
      .map((c) => `${c.args.text ?? ''}\n${typeof c.args.blocks === 'string' ? c.args.blocks : JSON.stringify(c.args.blocks ?? [])}`)
      .join('\n');

  beforeAll(async () => {
    nock('http://llm.test').persist().post(/.*/).reply(500, {});
    slack = await startSlackFixture({ base: SLACK, tsBase: 1_720_000_000, displayName: (u) => names[u] ?? u, secret: SECRET });
  }, 120_000);
  afterAll(async () => {
    await slack?.close();
  });

  it('organisations, names, answers, definitions and decisions are shown as text', async () => {
    // Slack escapes what a member types as &lt; &gt;: the stored text holds the raw < and >.
    await slash('U1', 'organisatie &lt;!channel&gt; &lt;https://evil.example|Gemeente Utrecht&gt;');
    await slash('U2', 'organisatie &lt;!subteam^S1|@iedereen&gt; Zorg');
    await slash('U1', 'start inventariseren');
    const card = slack.api.of('chat.postMessage', CH).find((c) => JSON.stringify(c.args.blocks ?? '').includes('D2'))!.result.ts as string;
    await inThread('U1', card, 'D2: zie [de regeling](https://evil.example&gt;&lt;!channel&gt;) &lt;!everyone&gt;');
    await inThread('U2', card, 'D1: 12 jongeren &lt;@U1&gt;');
    await slash(
      'U1',
      'begrip regeling = zie [de regeling](https://evil.example&gt;&lt;!channel&gt;) en &lt;https://evil.example|de wet&gt;',
    );
    await slash('U2', 'begrip regeling');
    await slash('U1', 'besluit &lt;!here&gt; we volgen [de regeling](https://evil.example)');
    await slash('U2', 'besluiten');

    const out = sent();
    // Sanity: the probes reached the cards and answers.
    expect(out).toContain('Bijgedragen door:');
    expect(out).toContain('de regeling');
    expect(out).toContain('Eve');
    expect(out).not.toMatch(LIVE_SLACK);
    // The address of a member's link is shown, escaped.
    expect(out).toContain('https://evil.example&gt;&lt;!channel&gt;');
    expect(out).toContain('&lt;!channel&gt;');
  });
});

describe('Teams: stored text never mentions anyone or disguises a link', () => {
  let teams: TeamsFixture;
  beforeAll(async () => {
    teams = await startTeamsFixture('werktafel-trust-markup-');
  }, 120_000);
  afterAll(async () => {
    await teams?.close();
  });

  it('definitions and organisations keep their address visible and carry no <at>', async () => {
    const url = teams.connector.url;
    await teams.exchange(
      channelMention(url, '<at>Werktafel</at> organisatie [Gemeente Utrecht](https://evil.example) &lt;at&gt;Megan Bowen&lt;/at&gt;'),
    );
    await teams.exchange(personalMessage(url, 'begrip regeling = zie [de regeling](https://evil.example) <at>Megan Bowen</at>'));
    const calls = await teams.exchange(personalMessage(url, 'begrip regeling'));
    await teams.exchange(channelMention(url, '<at>Werktafel</at> start inventariseren'));
    const all = JSON.stringify(teams.connector.messages().map((c) => c.body));
    expect(JSON.stringify(calls.map((c) => c.body))).toContain('de regeling (https://evil.example)');
    expect(all).toContain('Gemeente Utrecht (https://evil.example)');
    expect(all).not.toMatch(/<at>|&lt;at&gt;/i);
    expect(all).not.toMatch(/\]\(https?:/);
    for (const c of teams.connector.messages()) {
      expect((c.body.entities as { type: string }[] | undefined)?.some((e) => e.type === 'mention') ?? false).toBe(false);
    }
  });

  it('control characters are stripped where a message enters the core (issue 10, item 6)', async () => {
    const calls = await teams.exchange(personalMessage(teams.connector.url, 'begrip nulwaarde = leeg\u0000 veld \u001b[31mrood\u001b[0m'));
    expect(JSON.stringify(calls.map((c) => c.body))).toContain('Genoteerd');
    const shown = JSON.stringify((await teams.exchange(personalMessage(teams.connector.url, 'begrip nulwaarde'))).map((c) => c.body));
    expect(shown).toContain('leeg veld rood');
    expect(shown).not.toMatch(/\\u0000|\\u001b/);
  });
});
