import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import type { ApiCall } from '../adapters/slack/dev/fake-web-api.js';
import { t } from '../src/core/i18n.js';
import { piecesOf, type ScriptedAnswer, startStandInModel, type StandInModel } from '../src/llm/dev/stand-in-model.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// A generated answer streamed into Slack through the real server: a local OpenAI-compatible model
// writes server-sent events over about two seconds; the Web API stand-in records startStream,
// appendStream and stopStream as members would see them appear.

const SECRET = 'stream-signing-secret';
const QUESTION = 'wat is omklappen van een huurcontract?';
/** Five passages are given to the model; [9] is not one of them. */
const ANSWER =
  'Bij omklappen gaat het huurcontract van de zorgaanbieder over naar de jongere zelf [1]. ' +
  'Dat gebeurt wanneer de begeleiding afneemt en de jongere zelfstandig kan wonen [2, 9]. ' +
  'Volgens een ander rapport kan dat ook eerder [9].';

let slack: SlackFixture;
let model: StandInModel;
let script: ScriptedAnswer;

const streamCalls = (channel: string) => slack.api.calls.filter((c) => c.method.startsWith('chat.') && c.args.channel === channel);
/** The markdown a stream call added to the message. */
const chunkText = (c: ApiCall) =>
  ((c.args.chunks ?? []) as { type: string; text?: string }[]).map((k) => k.text ?? '').join('') + (c.args.markdown_text ?? '');
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function mention(channel: string, text: string): Promise<string> {
  const ts = slack.api.newTs();
  const body = JSON.stringify(eventEnvelope({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts, channel }));
  expect((await slack.post(body, signedHeaders(SECRET, body))).status).toBe(200);
  await slack.server.slack.idle(30_000);
  return ts;
}

beforeAll(async () => {
  model = await startStandInModel(() => script);
  slack = await startSlackFixture({
    base: 'https://slack.test',
    tsBase: 1_710_000_000,
    displayName: (u) => `Naam ${u}`,
    secret: SECRET,
    env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'test', OPENAI_MODEL: 'stand-in', OPENAI_TIMEOUT_MS: '4000' },
  });
});

afterEach(() => slack.api.reset());

afterAll(async () => {
  await slack?.close();
  await model?.close();
});

describe('Slack: a generated answer as it is written', () => {
  it('starts a stream in the thread, appends a few times a second and stops with the sources', async () => {
    const pieces = piecesOf(ANSWER, 2);
    script = { pieces, intervalMs: Math.round(2000 / pieces.length) };
    const ts = await mention('C7', QUESTION);
    const calls = streamCalls('C7');
    const methods = calls.map((c) => c.method);
    expect(methods[0]).toBe('chat.startStream');
    expect(methods.at(-1)).toBe('chat.stopStream');
    const appends = calls.filter((c) => c.method === 'chat.appendStream');
    expect(appends.length).toBeGreaterThanOrEqual(2);
    expect(methods.slice(1, -1).every((m) => m === 'chat.appendStream')).toBe(true);
    expect(slack.api.of('chat.postMessage', 'C7')).toHaveLength(0);
    // Outside a direct message Slack needs to know whom the stream is for.
    expect(calls[0].args).toMatchObject({ thread_ts: ts, recipient_team_id: 'T1', recipient_user_id: 'U1' });
    // Gathered, not one call per model token.
    expect(appends.length).toBeLessThan(pieces.length);
    // What members saw grow is the checked answer: valid markers, never the foreign [9].
    const shown = decode(calls.map(chunkText).join(''));
    for (const c of calls) expect(decode(chunkText(c))).not.toMatch(/\[9|9\]/);
    expect(shown).toContain('over naar de jongere zelf [1].');
    expect(shown).toContain('zelfstandig kan wonen [2].');
    // The stop brings the AI note, the sources and 👍/👎.
    const stop = JSON.stringify(calls.at(-1)!.args.blocks);
    expect(stop).toContain(t('nl', 'reply.ai_generated'));
    expect(stop).toContain('Bronnen');
    expect(stop).toMatch(/\[1\] [^\n]+ 20\d\d, /); // the source label: document, year, section
    expect(stop).toContain('feedback.vote');
    // No replacement needed: the streamed text is the answer.
    expect(slack.api.of('chat.update', 'C7')).toHaveLength(0);
  });

  it('ends a stream that stalls halfway with the offline answer and the notice, replacing the half answer', async () => {
    const pieces = piecesOf(ANSWER, 2);
    script = { pieces, intervalMs: 150, cutAfter: { pieces: 6, how: 'stall' } };
    await mention('C8', QUESTION);
    const calls = streamCalls('C8');
    expect(calls[0].method).toBe('chat.startStream');
    const half = decode(
      calls
        .filter((c) => c.method !== 'chat.update')
        .map(chunkText)
        .join(''),
    );
    expect(half.length).toBeGreaterThan(10);
    const stopAt = calls.findIndex((c) => c.method === 'chat.stopStream');
    const update = calls.at(-1)!;
    expect(stopAt).toBeGreaterThan(0);
    expect(update.method).toBe('chat.update');
    expect(update.args.ts).toBe(calls[0].result.ts);
    const final = JSON.stringify(update.args.blocks);
    expect(final).toMatch(/\[\d\]/); // the offline answer, cited from the documents
    expect(final).toContain('Het taalmodel gaf geen');
    expect(final).not.toContain(half.trim());
    expect(final).not.toContain(t('nl', 'reply.ai_generated'));
    expect(final).toContain('Bronnen');
  });

  it('treats a connection that closes halfway like a stall', async () => {
    script = { pieces: piecesOf(ANSWER, 2), intervalMs: 100, cutAfter: { pieces: 5, how: 'hangup' } };
    await mention('C9', QUESTION);
    const update = streamCalls('C9').at(-1)!;
    expect(update.method).toBe('chat.update');
    expect(JSON.stringify(update.args.blocks)).toContain('Het taalmodel gaf geen');
  });

  it('posts a whole message when the model abstains before writing anything visible', async () => {
    script = { pieces: ['NIET_', 'IN_DOC', 'UMENTEN'], intervalMs: 50 };
    await mention('C10', QUESTION);
    expect(slack.api.of('chat.startStream', 'C10')).toHaveLength(0);
    const [reply] = slack.api.of('chat.postMessage', 'C10');
    expect(JSON.stringify(reply.args.blocks)).toMatch(/staat niet in de documenten/);
  });
});

describe('Slack: when Slack refuses the stream', () => {
  it('posts the whole answer instead, with its sources', async () => {
    script = { pieces: piecesOf(ANSWER, 2), intervalMs: 40 };
    slack.api.queue('chat.startStream', [200, { ok: false, error: 'not_allowed_token_type' }]);
    await mention('C11', QUESTION);
    const [reply] = slack.api.of('chat.postMessage', 'C11');
    const blocks = JSON.stringify(reply.args.blocks);
    expect(blocks).toContain('over naar de jongere zelf [1].');
    expect(blocks).toContain('Bronnen');
    expect(slack.api.of('chat.stopStream', 'C11')).toHaveLength(0);
  });
});
