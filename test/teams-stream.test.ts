import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelMention, feedbackInvoke, personalMessage } from '../adapters/teams/dev/activities.js';
import type { ConnectorCall } from '../adapters/teams/dev/connector.js';
import { piecesOf, type ScriptedAnswer, startStandInModel, type StandInModel } from '../src/llm/dev/stand-in-model.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// A generated answer streamed into Teams through the real server: a local OpenAI-compatible model
// writes server-sent events; the local connector records the streaming activities and the final message.

const QUESTION = 'Wat houdt omklappen in bij een huurcontract?';
const ANSWER =
  'Bij omklappen gaat het huurcontract van de zorgaanbieder over naar de jongere zelf [1]. ' +
  'Dat gebeurt wanneer de begeleiding afneemt [2, 9]. Elders staat dat het eerder kan [9].';

let fixture: TeamsFixture;
let model: StandInModel;
let script: ScriptedAnswer;

type StreamInfo = { type: string; streamType?: string; streamId?: string; streamSequence?: number };
const infoOf = (c: ConnectorCall) => (c.body.entities as StreamInfo[] | undefined)?.find((e) => e.type === 'streaminfo');
const aiEntity = (c: ConnectorCall) =>
  (c.body.entities as { type: string; additionalType?: string[]; citation?: { position: number }[] }[] | undefined)?.find(
    (e) => e.type === 'https://schema.org/Message',
  );

beforeAll(async () => {
  model = await startStandInModel(() => script);
  fixture = await startTeamsFixture('werktafel-teams-stream-', {
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: 'test',
    OPENAI_MODEL: 'stand-in',
    OPENAI_TIMEOUT_MS: '1500',
  });
});

afterAll(async () => {
  await fixture?.close();
  await model?.close();
});

describe('Teams: a generated answer as it is written', () => {
  it('streams in a personal chat: "Ik zoek in de documenten…", growing text, then the final message with AI label and citations', async () => {
    const pieces = piecesOf(ANSWER, 2);
    script = { pieces, intervalMs: Math.round(2000 / pieces.length) };
    const before = fixture.connector.calls.length;
    expect((await fixture.send(personalMessage(fixture.connector.url, QUESTION))).status).toBe(200);
    await fixture.teams.idle(60_000);
    const calls = fixture.connector.calls.slice(before).filter((c) => infoOf(c));
    const [first, ...rest] = calls;
    expect(infoOf(first)).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    expect(first.body.text).toBe('Ik zoek in de documenten…');
    const streamId = first.assignedId;
    const streaming = rest.filter((c) => infoOf(c)?.streamType === 'streaming');
    expect(streaming.length).toBeGreaterThanOrEqual(1);
    for (const c of streaming) {
      expect(c.body.type).toBe('typing');
      expect(infoOf(c)?.streamId).toBe(streamId);
      // Never a marker of a passage the model was not given, not even halfway.
      expect(String(c.body.text)).not.toMatch(/\[9|9\]/);
    }
    const final = calls.at(-1)!;
    expect(final.body.type).toBe('message');
    expect(infoOf(final)).toMatchObject({ streamType: 'final', streamId });
    expect(final.body.channelData).toMatchObject({ streamType: 'final', streamId });
    expect(String(final.body.text)).toContain('over naar de jongere zelf [1].');
    expect(String(final.body.text)).not.toContain('[9]');
    expect(aiEntity(final)?.additionalType).toEqual(['AIGeneratedContent']);
    // Only the passages the text cites are its citations.
    expect(aiEntity(final)?.citation?.map((c) => c.position)).toEqual([1, 2]);
    expect((final.body.channelData as { feedbackLoopEnabled?: boolean }).feedbackLoopEnabled).toBe(true);
    // Nothing else was posted for this question.
    expect(
      fixture.connector
        .messages()
        .slice(before)
        .filter((c) => c.body.type === 'message'),
    ).toEqual([final]);
    // Teams' own 👍/👎 on the streamed message reaches the stored answer.
    expect((await fixture.send(feedbackInvoke(fixture.connector.url, streamId!, 'like'))).status).toBe(200);
    await fixture.teams.idle();
    const { rows } = await fixture.teams.bot.services.db.query<{ rating: number; question: string }>(
      'SELECT f.rating, a.question FROM feedback f JOIN answers a ON a.id = f.answer_id',
    );
    expect(rows).toEqual([{ rating: 1, question: QUESTION }]);
  });

  it('answers in a channel with one message, as before (Teams does not stream there)', async () => {
    script = { pieces: piecesOf(ANSWER, 2), intervalMs: 50 };
    const posted = await fixture.exchange(channelMention(fixture.connector.url, QUESTION));
    expect(posted).toHaveLength(1);
    expect(infoOf(posted[0])).toBeUndefined();
    const card = JSON.stringify(posted[0].body.attachments);
    expect(card).toContain('over naar de jongere zelf [1].');
    expect(card).not.toContain('[9]');
  });

  it('ends a stream that stalls with the offline answer and the notice as the final message', async () => {
    script = { pieces: piecesOf(ANSWER, 2), intervalMs: 100, cutAfter: { pieces: 5, how: 'stall' } };
    const before = fixture.connector.calls.length;
    await fixture.send(personalMessage(fixture.connector.url, QUESTION));
    await fixture.teams.idle(60_000);
    const calls = fixture.connector.calls.slice(before).filter((c) => infoOf(c));
    const final = calls.at(-1)!;
    expect(infoOf(final)).toMatchObject({ streamType: 'final', streamId: calls[0].assignedId });
    expect(String(final.body.text)).toMatch(/\[\d\]/); // the offline answer, cited from the documents
    expect(String(final.body.text)).toContain('Het taalmodel gaf geen');
    expect(String(final.body.text)).not.toContain('zorgaanbieder over naar de jongere');
    expect(aiEntity(final)?.additionalType).toBeUndefined();
  });
});
