import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCall, FakeConnector } from '../adapters/teams/dev/connector.js';
import {
  ALEX,
  cardSubmit,
  channelMention,
  channelReply,
  feedbackInvoke,
  MEGAN,
  PERSONAL_CONVERSATION,
  personalMessage,
  TEAMS_CHANNEL,
} from '../adapters/teams/dev/activities.js';
import type { TeamsMounted } from '../adapters/teams/index.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';

// Real Bot Framework activities to POST /api/messages on the shared server (startServer), with a
// local connector at the activities' serviceUrl recording what the bot sends back.

const QUESTION = 'Wat houdt omklappen in bij een huurcontract?';

let fixture: TeamsFixture;
let teams: TeamsMounted;
let connector: FakeConnector;

const send = (activity: Record<string, unknown>) => fixture.send(activity);
const exchange = (activity: Record<string, unknown>) => fixture.exchange(activity);

const cardOf = (call: ConnectorCall) =>
  (call.body.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined)?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;

/** Every Action.Submit data object in a card. */
function submitsOf(card: Record<string, unknown> | undefined): { title: string; data: { action: string; value: string } }[] {
  const out: { title: string; data: { action: string; value: string } }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Submit') out.push(n as never);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

beforeAll(async () => {
  fixture = await startTeamsFixture('werktafel-teams-');
  ({ teams, connector } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

describe('Teams adapter on /api/messages', () => {
  it('mounts unauthenticated on loopback and says so', () => {
    expect(teams).toBeDefined();
    expect(teams.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/messages']);
    expect(teams.banner.join('\n')).toMatch(/ZONDER authenticatie/);
  });

  let answerMessageId = '';
  let answerId = '';

  it('answers a personal chat with citations, the AI/citation entity and the feedback loop', async () => {
    const calls = await exchange(personalMessage(connector.url, QUESTION));
    expect(calls).toHaveLength(1);
    const [reply] = calls;
    expect(reply.method).toBe('POST');
    expect(reply.conversationId).toBe(PERSONAL_CONVERSATION);
    const body = reply.body as Record<string, any>;
    expect(body.type).toBe('message');
    expect(body.text).toMatch(/\[1\]/);
    const entity = body.entities.find((e: any) => e['@type'] === 'Message');
    expect(entity.type).toBe('https://schema.org/Message');
    expect(entity.citation.length).toBeGreaterThan(0);
    expect(entity.citation[0]).toMatchObject({ '@type': 'Claim', position: 1, appearance: { '@type': 'DigitalDocument' } });
    expect(entity.citation.some((c: any) => /woon-huurconstructies/i.test(c.appearance.name))).toBe(true);
    // The name is the source label; the pop-up's abstract is the sentence the answer quotes, not the passage's opening (issue 21).
    expect(entity.citation[0].appearance.name).toMatch(/^[^,]+ \d{4}, \S/);
    // What the answer says with [1] — words of the answer text itself.
    expect(String(body.text)).toContain(entity.citation[0].appearance.abstract.replace(/…$/, '').slice(0, 60));
    expect(entity.citation[0].claimId).toMatch(/^1:/);
    // A short source line under the text.
    expect(body.text).toMatch(/<br><br>\*\*Bronnen:\*\* [^<]+ \d{4} \[1\]/);
    // Extractive answers (no LLM configured) carry no "AI generated" label.
    expect(entity.additionalType).toBeUndefined();
    expect(body.channelData).toMatchObject({ feedbackLoopEnabled: true });
    // A typing indicator went out while the answer was being made.
    expect(connector.calls.some((c) => c.body.type === 'typing')).toBe(true);
    answerMessageId = reply.assignedId!;
    const { rows } = await teams.bot.services.db.query<{ id: string; group_id: string }>('SELECT id, group_id FROM answers');
    expect(rows).toHaveLength(1);
    expect(rows[0].group_id).toBe(`teams:72f988bf-0000-4000-8000-000000000001:${PERSONAL_CONVERSATION}`);
    answerId = rows[0].id;
  });

  it('stores a vote from Teams’ built-in feedback dialog (invoke message/submitAction)', async () => {
    const res = await send(feedbackInvoke(connector.url, answerMessageId, 'dislike', 'Mist de bron over Utrecht'));
    expect(res.status).toBe(200);
    await teams.idle();
    const { rows } = await teams.bot.services.db.query<{ rating: number; comment: string; user_id: string }>(
      'SELECT rating, comment, user_id FROM feedback WHERE answer_id = $1',
      [answerId],
    );
    expect(rows).toEqual([{ rating: -1, comment: 'Mist de bron over Utrecht', user_id: ALEX.id }]);
  });

  it('answers a redelivered feedback invoke once (the job key deduplicates it)', async () => {
    const invoke = feedbackInvoke(connector.url, 'no-such-message', 'like');
    const first = await exchange(invoke);
    const second = await exchange(invoke);
    expect(first.map((c) => c.body.text)).toEqual([expect.stringContaining('niet meer terugvinden')]);
    expect(second).toHaveLength(0);
  });

  let root = '';
  it('answers a channel mention in its reply chain, as a card with sources and 👍/👎 buttons', async () => {
    const activity = channelMention(connector.url, QUESTION);
    root = activity.id as string;
    const calls = await exchange(activity);
    expect(calls).toHaveLength(1);
    const [reply] = calls;
    // POST /v3/conversations/{channel;messageid=root}/activities/{root}
    expect(reply.conversationId).toBe(`${TEAMS_CHANNEL};messageid=${root}`);
    expect(reply.activityId).toBe(root);
    expect(reply.body.replyToId).toBe(root);
    const card = cardOf(reply)!;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = JSON.stringify(card);
    expect(text).toMatch(/Bronnen/);
    expect(text).toMatch(/\[\d\] VNG, Woon-huurconstructies 2015, /); // the core source label
    expect(text).toMatch(/Woon-huurconstructies 2015, /);
    const votes = submitsOf(card).filter((s) => s.data.action === 'feedback.vote');
    expect(votes.map((v) => v.data.value.split(':')[1])).toEqual(['up', 'down']);
    // No Teams AI entities in channels (not supported there).
    expect(reply.body.entities).toBeUndefined();

    // 👍 on the card: an Action.Submit message activity in the same reply chain.
    const up = votes[0];
    const calls2 = await exchange(
      cardSubmit(
        connector.url,
        { id: `${TEAMS_CHANNEL};messageid=${root}`, conversationType: 'channel' },
        reply.assignedId!,
        up.data,
        MEGAN,
      ),
    );
    const channelAnswer = up.data.value.split(':')[0];
    const { rows } = await teams.bot.services.db.query<{ rating: number; user_id: string }>(
      'SELECT rating, user_id FROM feedback WHERE answer_id = $1',
      [channelAnswer],
    );
    expect(rows).toEqual([{ rating: 1, user_id: MEGAN.id }]);
    // Teams has no ephemeral messages: the thanks is an ordinary reply in the chain.
    expect(calls2).toHaveLength(1);
    expect(calls2[0].conversationId).toBe(`${TEAMS_CHANNEL};messageid=${root}`);
    expect(String(calls2[0].body.text)).toMatch(/Dank je/);
  });

  it('follows up in a reply chain it answered without a new mention, and ignores other chains', async () => {
    const followUp = await exchange(channelReply(connector.url, 'help', root));
    expect(followUp).toHaveLength(1);
    expect(followUp[0].conversationId).toBe(`${TEAMS_CHANNEL};messageid=${root}`);
    const elsewhere = await exchange(channelReply(connector.url, 'help', '1111111111111'));
    expect(elsewhere).toHaveLength(0);
  });

  it('replies once to a redelivered activity (same id twice)', async () => {
    const activity = personalMessage(connector.url, 'help');
    const first = await exchange(activity);
    const second = await exchange(activity);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
  });

  it('turns other people’s mentions into neutral <@id|Name> for the core', async () => {
    // "rol projectleider @Megan": Alex is the first to need the role, so becomes project leader.
    const calls = await exchange(channelMention(connector.url, `rol projectleider <at>${MEGAN.name}</at>`, { mentions: [MEGAN] }));
    expect(calls).toHaveLength(1);
    const { rows } = await teams.bot.services.db.query<{ user_id: string; role: string }>(
      "SELECT user_id, role FROM members WHERE group_id = $1 AND role = 'projectleider' ORDER BY user_id",
      [`teams:72f988bf-0000-4000-8000-000000000001:${TEAMS_CHANNEL}`],
    );
    expect(rows.map((r) => r.user_id)).toContain(MEGAN.id);
  });

  it('refuses unauthenticated mode on a non-loopback HOST', async () => {
    const { createTeamsAdapter } = await import('../adapters/teams/index.js');
    const off = await createTeamsAdapter(teams.bot, { HOST: '0.0.0.0' });
    expect(off.serving).toBe(false);
    expect(off.banner.join('\n')).toMatch(/staat UIT/);
  });
});
