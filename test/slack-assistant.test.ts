import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { starters } from '../src/core/starters.js';
import { piecesOf, startStandInModel, type StandInModel } from '../src/llm/dev/stand-in-model.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// Slack's assistant panel through the real server: the member opens the panel next to a channel,
// gets the greeting and suggested prompts, and the panel works for that channel's working group.

const SECRET = 'assistant-signing-secret';
let slack: SlackFixture;
let model: StandInModel;

async function send(event: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(eventEnvelope(event));
  expect((await slack.post(body, signedHeaders(SECRET, body))).status).toBe(200);
  await slack.server.slack.idle(30_000);
}

/** The member opens the panel in DM `dm` while viewing `channel` (none: no channel context). */
async function openPanel(dm: string, channel?: string): Promise<string> {
  const thread = slack.api.newTs();
  const context = channel ? { channel_id: channel, team_id: 'T1', enterprise_id: null } : {};
  await send({
    type: 'assistant_thread_started',
    assistant_thread: { user_id: 'U1', context, channel_id: dm, thread_ts: thread },
    event_ts: thread,
  });
  return thread;
}

const inPanel = (dm: string, thread: string, text: string) =>
  send({ type: 'message', channel_type: 'im', user: 'U1', text, ts: slack.api.newTs(), thread_ts: thread, channel: dm });

const terms = async (term: string) =>
  (await slack.server.slack.bot.services.db.query('SELECT group_id FROM glossary_terms WHERE lower(term) = lower($1)', [term])).rows as {
    group_id: string;
  }[];

beforeAll(async () => {
  const answer = 'Bij omklappen gaat het huurcontract van de zorgaanbieder over naar de jongere zelf [1].';
  model = await startStandInModel(() => ({ pieces: piecesOf(answer, 3), intervalMs: 60 }));
  slack = await startSlackFixture({
    base: 'https://slack.test',
    tsBase: 1_720_000_000,
    displayName: (u) => `Naam ${u}`,
    secret: SECRET,
    env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'test', OPENAI_MODEL: 'stand-in', OPENAI_TIMEOUT_MS: '3000' },
  });
});

afterEach(() => slack.api.reset());

afterAll(async () => {
  await slack?.close();
  await model?.close();
});

describe('Slack assistant panel', () => {
  it('greets with the suggested prompts kept in knowledge/assistant', async () => {
    const thread = await openPanel('D5', 'C5');
    const [greeting] = slack.api.of('chat.postMessage', 'D5');
    expect(greeting.args).toMatchObject({ thread_ts: thread, text: starters('nl').greeting });
    const [prompts] = slack.api.of('assistant.threads.setSuggestedPrompts', 'D5');
    expect(prompts.args.channel_id).toBe('D5');
    expect(prompts.args.thread_ts).toBe(thread);
    const sent = typeof prompts.args.prompts === 'string' ? JSON.parse(prompts.args.prompts) : prompts.args.prompts;
    expect(sent).toEqual(starters('nl').prompts);
    expect(sent.map((p: { message: string }) => p.message)).toContain('Wat is een omklapwoning?');
  });

  it('works for the channel being viewed: status while answering, title from the first question, streamed answer in the panel', async () => {
    const thread = await openPanel('D6', 'C6');
    slack.api.reset();
    await inPanel('D6', thread, 'wat is omklappen van een huurcontract?');
    const status = slack.api.calls.find((c) => c.method === 'assistant.threads.setStatus');
    expect(status?.args).toMatchObject({ channel_id: 'D6', thread_ts: thread, status: 'zoekt in de documenten…' });
    const titles = slack.api.calls.filter((c) => c.method === 'assistant.threads.setTitle');
    expect(titles.map((c) => c.args.title)).toEqual(['wat is omklappen van een huurcontract?']);
    const [start] = slack.api.of('chat.startStream', 'D6');
    expect(start.args.thread_ts).toBe(thread);
    // A direct message: no recipient needed.
    expect(start.args.recipient_user_id).toBeUndefined();
    expect(JSON.stringify(slack.api.of('chat.stopStream', 'D6')[0].args.blocks)).toContain('Bronnen');

    // A definition given in the panel belongs to the working group of the channel being viewed.
    slack.api.reset();
    await inPanel('D6', thread, 'begrip paneelwoning = een woning die via het paneel is vastgelegd');
    expect(slack.api.calls.filter((c) => c.method === 'assistant.threads.setTitle')).toHaveLength(0);
    expect((await terms('paneelwoning')).map((r) => r.group_id)).toEqual(['slack:T1:C6']);
    const ts = slack.api.newTs();
    await send({ type: 'app_mention', user: 'U2', text: '<@UBOT> begrip paneelwoning', ts, channel: 'C6' });
    expect(JSON.stringify(slack.api.of('chat.postMessage', 'C6').at(-1)!.args.blocks)).toContain('via het paneel is vastgelegd');
  });

  it('without a channel context answers document questions only', async () => {
    const thread = await openPanel('D7');
    slack.api.reset();
    await inPanel('D7', thread, 'begrip losse woning = een definitie die nergens hoort');
    expect(await terms('losse woning')).toEqual([]);
    const replies = slack.api.calls.filter((c) => ['chat.postMessage', 'chat.startStream'].includes(c.method) && c.args.channel === 'D7');
    expect(replies.length).toBe(1);
    expect(replies[0].args.thread_ts).toBe(thread);
  });
});
