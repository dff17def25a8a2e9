import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../src/core/bot.js';
import type { Reply } from '../src/core/types.js';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { eventEnvelope as envelope, slashForm, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';
import { chatCompletion } from './helpers/chat-completion.js';

// Drives the real HTTP receiver with signed Slack requests; nock stands in for the Slack Web API and the LLM.

const SECRET = 'test-signing-secret';
const SLACK = 'https://slack.test';
const LLM = 'http://llm.test';
const QUESTION = 'wat is omklappen van een huurcontract?';

let slack: SlackFixture;
/** While set, the stand-in model holds its answer until the test releases it. */
let llmGate: Promise<void> | undefined;

function llmApi(): void {
  nock(LLM)
    .persist()
    .post('/v1/chat/completions')
    .delay({ head: 0 })
    .reply(async () => {
      await llmGate;
      return [200, chatCompletion('Bij omklappen gaat het huurcontract van de zorginstelling over naar de huurder [1].')];
    });
}

const post = (body: string, headers: Record<string, string>) => slack.post(body, headers);
const newTs = () => slack.api.newTs();

async function sendEvent(event: Record<string, unknown>, opts: { extra?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify(envelope(event, opts.extra));
  const r = await post(body, { ...signedHeaders(SECRET, body), ...opts.headers });
  await slack.server.slack.idle();
  return { ...r, body };
}

function mention(text: string, extra: Record<string, unknown> = {}) {
  return { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts: newTs(), channel: 'C1', ...extra };
}

const posted = (channel?: string) => slack.api.of('chat.postMessage', channel);
const blockTexts = (blocks: any[]): string => JSON.stringify(blocks);
const db = () => slack.server.slack.bot.services.db;

beforeAll(async () => {
  llmApi();
  slack = await startSlackFixture({
    base: SLACK,
    tsBase: 1_700_000_000,
    displayName: (user) => `Naam ${user}`,
    secret: SECRET,
    // Whole answers here (streamed ones: slack-stream.test.ts).
    env: { OPENAI_BASE_URL: `${LLM}/v1`, OPENAI_API_KEY: 'test', OPENAI_TIMEOUT_MS: '15000', OPENAI_STREAM: '0' },
  });
});

afterEach(() => {
  slack.api.reset();
  llmGate = undefined;
  vi.restoreAllMocks();
});

afterAll(async () => {
  await slack?.close();
});

describe('Slack HTTP endpoint', () => {
  it('answers the URL verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const r = await post(body, signedHeaders(SECRET, body));
    expect(r.status).toBe(200);
    expect(r.text).toContain('abc123');
  });

  it('rejects a bad or old signature with 401 and does nothing', async () => {
    const body = JSON.stringify(envelope(mention(QUESTION)));
    const bad = await post(body, signedHeaders('wrong-secret', body));
    expect(bad.status).toBe(401);
    const old = await post(body, signedHeaders(SECRET, body, 'application/json', Math.floor(Date.now() / 1000) - 10 * 60));
    expect(old.status).toBe(401);
    const missing = await post(body, { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    await slack.server.slack.idle();
    expect(posted()).toHaveLength(0);
  });

  it('answers an @mention in the thread of that message, with sources and feedback buttons', async () => {
    const event = mention(QUESTION);
    const r = await sendEvent(event);
    expect(r.status).toBe(200);
    const replies = posted('C1');
    expect(replies).toHaveLength(1);
    const { args } = replies[0];
    expect(args.thread_ts).toBe(event.ts);
    const blocks = args.blocks as any[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks.filter((b) => b.type === 'section')) expect(b.text.text.length).toBeLessThan(3000);
    expect(blockTexts(blocks)).toContain('Bij omklappen gaat');
    const sources = blocks.find((b) => b.type === 'section' && b.text.text.startsWith('*Bronnen*'));
    expect(sources.text.text).toMatch(/\[1\] [^\n]+ \d{4}, [^\n]+/); // "[1] VNG-handreiking 2022, §5.1 …"
    const feedback = blocks.find((b) => b.type === 'actions' && b.block_id === 'feedback');
    const [up, down] = feedback.elements;
    expect(up.value).toMatch(/^[0-9a-f-]{36}:up$/);
    expect(down.value).toBe(up.value.replace(':up', ':down'));
    expect(up.action_id).not.toBe(down.action_id);
    // The question is stored without the bot mention; the hourglass came and went.
    const { rows } = await db().query<{ question: string }>('SELECT question FROM answers WHERE id = $1', [up.value.split(':')[0]]);
    expect(rows[0].question).toBe(QUESTION);
    expect(slack.api.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['reactions.add', 'reactions.remove']));
  });

  it('stores 👎 feedback with the answer and thanks the user privately', async () => {
    const event = mention(QUESTION);
    await sendEvent(event);
    const feedback = (posted('C1')[0].args.blocks as any[]).find((b) => b.block_id === 'feedback');
    const down = feedback.elements[1];
    const answerTs = newTs();
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'x' },
      user: { id: 'U2', name: 'u2', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 't',
      channel: { id: 'C1', name: 'werkgroep' },
      message: { ts: answerTs, thread_ts: event.ts, type: 'message', text: 'x' },
      container: { type: 'message', message_ts: answerTs, channel_id: 'C1', is_ephemeral: false },
      response_url: `${SLACK}/actions/resp`,
      actions: [{ type: 'button', action_id: down.action_id, block_id: 'feedback', value: down.value, action_ts: '1' }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const r = await post(body, signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'));
    expect(r.status).toBe(200);
    await slack.server.slack.idle();
    const answerId = down.value.split(':')[0];
    const { rows } = await db().query<{ rating: number; question: string; passage_ids: number[] }>(
      `SELECT f.rating, a.question, a.passage_ids FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE f.answer_id = $1 AND f.user_id = 'U2'`,
      [answerId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].rating).toBe(-1);
    expect(rows[0].question).toBe(QUESTION);
    expect(rows[0].passage_ids.length).toBeGreaterThan(0);
    const thanks = slack.api.calls.find((c) => c.method === 'chat.postEphemeral');
    expect(thanks?.args).toMatchObject({ channel: 'C1', user: 'U2', thread_ts: event.ts });
    expect(thanks?.args.text).toMatch(/👎/);
  });

  it('processes a retried event once (same event_id, X-Slack-Retry-Num)', async () => {
    const body = JSON.stringify(envelope(mention(QUESTION)));
    const first = await post(body, signedHeaders(SECRET, body));
    const retry = await post(body, { ...signedHeaders(SECRET, body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await slack.server.slack.idle();
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(posted('C1')).toHaveLength(1);
  });

  it('follows up in a thread it answered in without a new mention, and ignores other threads and bots', async () => {
    const root = mention(QUESTION);
    await sendEvent(root);
    slack.api.calls.length = 0;
    await sendEvent({
      type: 'message',
      channel_type: 'channel',
      user: 'U1',
      text: 'en wie betaalt dat?',
      ts: newTs(),
      thread_ts: root.ts,
      channel: 'C1',
    });
    expect(posted('C1')).toHaveLength(1);
    expect(posted('C1')[0].args.thread_ts).toBe(root.ts);
    slack.api.calls.length = 0;
    await sendEvent({
      type: 'message',
      channel_type: 'channel',
      user: 'U1',
      text: 'los gesprek',
      ts: newTs(),
      thread_ts: '1600000000.000001',
      channel: 'C1',
    });
    await sendEvent({ type: 'message', channel_type: 'channel', user: 'U1', text: 'top level zonder mention', ts: newTs(), channel: 'C1' });
    await sendEvent({
      type: 'message',
      subtype: 'bot_message',
      bot_id: 'BOTHER',
      text: 'ik ben een bot',
      ts: newTs(),
      thread_ts: root.ts,
      channel: 'C1',
    });
    await sendEvent({
      type: 'message',
      channel_type: 'channel',
      user: 'UBOT',
      bot_id: 'BBOT',
      text: 'mijn eigen antwoord',
      ts: newTs(),
      thread_ts: root.ts,
      channel: 'C1',
    });
    await sendEvent(mention(QUESTION, { bot_id: 'BOTHER', user: 'UOTHERBOT' }));
    expect(posted()).toHaveLength(0);
  });

  it('answers a direct message where it was written', async () => {
    await sendEvent({ type: 'message', channel_type: 'im', user: 'U1', text: QUESTION, ts: newTs(), channel: 'D1' });
    const replies = posted('D1');
    expect(replies).toHaveLength(1);
    expect(replies[0].args.thread_ts).toBeUndefined();
    expect(blockTexts(replies[0].args.blocks)).toContain('Bronnen');
  });

  it('acks before the LLM has answered, then answers', async () => {
    let release!: () => void;
    llmGate = new Promise<void>((resolve) => (release = resolve));
    const body = JSON.stringify(envelope(mention(QUESTION)));
    const r = await post(body, signedHeaders(SECRET, body));
    expect(r.status).toBe(200);
    expect(posted('C1')).toHaveLength(0);
    release();
    await slack.server.slack.idle();
    const reply = posted('C1')[0];
    expect(blockTexts(reply.args.blocks)).toContain('Bij omklappen gaat');
    expect(blockTexts(reply.args.blocks)).toContain('taalmodel');
  });

  it('honours a 429 with Retry-After from the Web API', async () => {
    slack.api.queue('chat.postMessage', [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }]);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await sendEvent(mention(QUESTION));
    const attempts = posted('C1');
    expect(attempts).toHaveLength(2);
    expect(attempts[0].args.thread_ts).toBe(attempts[1].args.thread_ts);
    // The retry waited the second Slack asked for (the Web API client sleeps Retry-After × 1000 ms).
    expect(timers).toHaveBeenCalledWith(expect.any(Function), 1000);
  });

  it('apologises in the user’s language when handling fails, and keeps serving', async () => {
    slack.api.queue('chat.postMessage', [200, { ok: false, error: 'invalid_blocks' }]);
    const event = mention('what is a flip house and who pays for it?');
    await sendEvent(event);
    const [failed, apology] = posted('C1');
    expect(failed.args.blocks).toBeDefined();
    expect(apology.args).toMatchObject({ thread_ts: event.ts });
    expect(apology.args.text).toMatch(/^Sorry, something went wrong/);
    slack.api.calls.length = 0;
    await sendEvent(mention(QUESTION));
    expect(posted('C1')).toHaveLength(1);
  });
});

describe('Slack slash command', () => {
  async function slash(text: string, channel = 'C1') {
    const form = slashForm({ user: 'U3', channel, text, teamDomain: 'x', responseUrl: `${SLACK}/commands/resp` });
    const r = await post(form, signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'));
    await slack.server.slack.idle();
    return r;
  }

  it('shows help for an empty command and answers visibly at top level', async () => {
    const r = await slash('');
    expect(r.status).toBe(200);
    const [reply] = posted('C1');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(reply.args.text).toContain('Werktafel');
    expect(blockTexts(reply.args.blocks)).toContain('vraag');
  });

  it('passes `ask …` to the core and opens a thread the bot follows', async () => {
    await slash(`ask ${QUESTION}`);
    const [reply] = posted('C1');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(blockTexts(reply.args.blocks)).toMatch(/Sources|Bronnen/);
    const { rows } = await db().query('SELECT 1 FROM bot_threads WHERE group_id = $1', ['slack:T1:C1']);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('answers through response_url when the bot is not in the channel', async () => {
    slack.api.queue('chat.postMessage', [200, { ok: false, error: 'not_in_channel' }]);
    const scope = nock(SLACK)
      .post('/commands/resp', (b) => b.response_type === 'in_channel' && Array.isArray(b.blocks))
      .reply(200, 'ok');
    await slash('help', 'C9');
    expect(scope.isDone()).toBe(true);
  });
});

describe('Slack rendering of core replies', () => {
  function replyWith(replies: (text: string) => Reply[] | null) {
    const original = Bot.prototype.handle;
    vi.spyOn(Bot.prototype, 'handle').mockImplementation(async function (this: Bot, msg) {
      return replies(msg.text) ?? original.call(this, msg);
    });
  }

  it('updates a card in place, posts channel cards at top level and follows their thread', async () => {
    const card = (progress: string): Reply => ({
      text: 'Stap 1 is gestart.',
      language: 'nl',
      cardKey: 'step:1',
      placement: 'channel',
      checklist: {
        title: 'Stap 1 — Verkennen',
        progress,
        contributors: ['Ans (Gemeente)'],
        themes: [{ id: 't', title: 'Wonen', items: [{ code: 'A1', question: 'Hoeveel woningen?', answers: [] }] }],
      },
    });
    replyWith((text) =>
      text === 'start' ? [card('0 van 1 vragen beantwoord')] : text === 'update' ? [card('1 van 1 vragen beantwoord')] : null,
    );
    await sendEvent(mention('start'));
    const [top] = posted('C1');
    expect(top.args.thread_ts).toBeUndefined();
    expect(blockTexts(top.args.blocks)).toContain('Stap 1 — Verkennen');
    const topTs = (await db().query<{ platform_ref: { ts: string } }>(`SELECT platform_ref FROM posted_cards WHERE card_key = 'step:1'`))
      .rows[0].platform_ref.ts;
    slack.api.calls.length = 0;
    await sendEvent(mention('update'));
    const update = slack.api.calls.find((c) => c.method === 'chat.update');
    expect(update?.args).toMatchObject({ channel: 'C1', ts: topTs });
    expect(blockTexts(update?.args.blocks)).toContain('1 van 1 vragen beantwoord');
    expect(posted()).toHaveLength(0);
    // The card's thread is a bot thread: a reply there needs no mention.
    await sendEvent({ type: 'message', channel_type: 'channel', user: 'U1', text: QUESTION, ts: newTs(), thread_ts: topTs, channel: 'C1' });
    expect(posted('C1')[0].args.thread_ts).toBe(topTs);
  });

  it('uploads a file into the thread and sends ephemeral replies to the asker only', async () => {
    replyWith((text) =>
      text === 'export'
        ? [
            { text: 'Het rapport:', language: 'nl', file: { name: 'rapport.md', mime: 'text/markdown', content: '# Rapport\n' } },
            { text: 'Alleen voor jou', language: 'nl', ephemeral: true },
          ]
        : null,
    );
    const event = mention('export');
    await sendEvent(event);
    const complete = slack.api.calls.find((c) => c.method === 'files.completeUploadExternal');
    expect(complete?.args).toMatchObject({ channel_id: 'C1', thread_ts: event.ts });
    expect(slack.api.calls.find((c) => c.method === 'chat.postEphemeral')?.args).toMatchObject({
      user: 'U1',
      thread_ts: event.ts,
      text: 'Alleen voor jou',
    });
  });

  it('passes edits and deletions in a bot thread to the core as edit/delete with the original ts', async () => {
    const root = mention(QUESTION);
    await sendEvent(root);
    const seen: { kind?: string; messageId?: string; text: string }[] = [];
    replyWith(() => null);
    const spy = vi.mocked(Bot.prototype.handle);
    const replyTs = newTs();
    await sendEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'C1',
      channel_type: 'channel',
      ts: newTs(),
      message: { type: 'message', user: 'U1', text: '12 woningen', ts: replyTs, thread_ts: root.ts },
      previous_message: { type: 'message', user: 'U1', text: '10 woningen', ts: replyTs, thread_ts: root.ts },
    });
    await sendEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: 'C1',
      channel_type: 'channel',
      ts: newTs(),
      deleted_ts: replyTs,
      previous_message: { type: 'message', user: 'U1', text: '12 woningen', ts: replyTs, thread_ts: root.ts },
    });
    // A reply-count update of the root is not an edit.
    await sendEvent({
      type: 'message',
      subtype: 'message_changed',
      channel: 'C1',
      ts: newTs(),
      message: { type: 'message', user: 'U1', text: 'x', ts: root.ts, thread_ts: root.ts, reply_count: 3 },
      previous_message: { type: 'message', user: 'U1', text: 'x', ts: root.ts, thread_ts: root.ts, reply_count: 2 },
    });
    for (const [msg] of spy.mock.calls) seen.push({ kind: msg.kind, messageId: msg.messageId, text: msg.text });
    expect(seen).toEqual([
      { kind: 'edit', messageId: replyTs, text: '12 woningen' },
      { kind: 'delete', messageId: replyTs, text: '' },
    ]);
  });
});
