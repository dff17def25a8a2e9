import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCall, FakeConnector } from '../adapters/teams/dev/connector.js';
import {
  ALEX,
  cardSubmit,
  channelMention,
  channelReply,
  MEGAN,
  messageDelete,
  messageEdit,
  PERSONAL_CONVERSATION,
  personalMessage,
  TEAMS_CHANNEL,
  type User,
} from '../adapters/teams/dev/activities.js';
import { startTeamsFixture, type TeamsFixture } from './helpers/teams-server.js';
import { expectText } from './helpers/text.js';

// The working-group flows through the Teams adapter with real Bot Framework activities: POST
// /api/messages on the shared server (startServer), a local connector at the activities' serviceUrl
// recording what the bot sends back. Assertions are on what a member sees in Teams: the messages,
// the Adaptive Cards, where they are posted and which card is updated in place.
//   1. A step checklist (issue 5): start, answers from three organisations in the card's reply
//      chain, a card submit, edit and delete of an answer message, export, progress.
//   2. Glossary and decisions (issue 6): in a channel and in personal chat, and kept apart.

const LIDIA: User = { id: '29:lidia', name: 'Lidia Holloway', aadObjectId: '00000000-0000-0000-0000-0000000000c3' };
const OTHER_CHANNEL = '19:werkgroep-zorg@thread.tacv2';
const MEGAN_CHAT = 'a:1personal-chat-with-megan';

let fixture: TeamsFixture;
let connector: FakeConnector;
let url = '';

const exchange = (activity: Record<string, unknown>) => fixture.exchange(activity);

type Card = Record<string, unknown>;

/** The activity a call carries: a new conversation (top-level post) wraps it in `activity`. */
const activityOf = (call: ConnectorCall) => (call.body.activity as Record<string, unknown> | undefined) ?? call.body;

const cardOf = (call: ConnectorCall): Card | undefined =>
  (activityOf(call).attachments as { contentType: string; content: Card }[] | undefined)?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

/** Every TextBlock of a card, one per line: what the member reads. */
function cardText(card: Card | undefined): string {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock') out.push(String(n.text));
  });
  return out.join('\n');
}

/** What a message shows: its text, or its card's text. */
const shown = (call: ConnectorCall) => [String(activityOf(call).text ?? ''), cardText(cardOf(call))].join('\n').replace(/<br>/g, '\n');

type Submit = { title: string; data: Record<string, string> };
function submitsOf(card: Card | undefined): Submit[] {
  const out: Submit[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Submit') out.push(n as unknown as Submit);
  });
  return out;
}

const isTopLevelPost = (c: ConnectorCall) => c.method === 'POST' && c.path === '/v3/conversations';
const isUpdate = (c: ConnectorCall) => c.method === 'PUT';
const isChainReply = (c: ConnectorCall) => c.method === 'POST' && c.path !== '/v3/conversations';

beforeAll(async () => {
  fixture = await startTeamsFixture('werktafel-teams-flows-');
  ({ connector } = fixture);
  url = connector.url;
});

afterAll(async () => {
  await fixture?.close();
});

describe('Teams: a step checklist filled in by a working group (issue 5)', () => {
  /** The card's activity id: its reply chain is `${TEAMS_CHANNEL};messageid=${cardId}` (root). */
  let cardId = '';
  let root = '';
  let chain = '';
  let startCard: Card | undefined;
  let alexAnswer: Record<string, unknown>;
  let meganAnswer: Record<string, unknown>;

  /** The step card as it was last updated in place (PUT on the card's own activity). */
  function updatedCard(calls: ConnectorCall[]): string {
    const puts = calls.filter(isUpdate);
    expect(puts).toHaveLength(1);
    expect(puts[0].conversationId).toBe(chain);
    expect(puts[0].activityId).toBe(cardId);
    expect(puts[0].body.id).toBe(cardId);
    return cardText(cardOf(puts[0]));
  }

  /** The confirmation posted in the card's reply chain. */
  function chainReply(calls: ConnectorCall[]): string {
    const replies = calls.filter(isChainReply);
    expect(replies).toHaveLength(1);
    expect(replies[0].conversationId).toBe(chain);
    return shown(replies[0]);
  }

  it('notes the organisation of three members, each in the reply chain of their own post', async () => {
    for (const [who, org] of [
      [ALEX, 'Gemeente Zwolle gemeente'],
      [MEGAN, 'deltaWonen corporatie'],
      [LIDIA, 'Tactus zorg'],
    ] as const) {
      const activity = channelMention(url, `organisatie ${org}`, { from: who });
      const calls = await exchange(activity);
      expect(calls).toHaveLength(1);
      expect(calls[0].conversationId).toBe(`${TEAMS_CHANNEL};messageid=${activity.id}`);
      expect(shown(calls[0])).toContain(`je vertegenwoordigt *${org.split(' ').slice(0, -1).join(' ')}* (${org.split(' ').at(-1)})`);
    }
  });

  it('a project leader starts step 1: a new top-level post with the checklist as an Adaptive Card', async () => {
    const calls = await exchange(channelMention(url, 'start inventariseren'));
    // Only the card: no typing indicator in a channel (the Agents Playground then dropped the new post; issue 21).
    expect(calls).toHaveLength(1);
    const [post] = calls;
    // POST /v3/conversations in the same channel: a post of its own, which opens its own reply chain.
    expect(isTopLevelPost(post)).toBe(true);
    expect(post.body).toMatchObject({ isGroup: true, channelData: { channel: { id: TEAMS_CHANNEL } }, tenantId: expect.any(String) });
    cardId = post.assignedId!;
    root = cardId;
    chain = `${TEAMS_CHANNEL};messageid=${cardId}`;
    startCard = cardOf(post);
    expect(startCard).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(String(activityOf(post).summary)).toContain('Stap 1: inventariseren');

    const text = cardText(startCard);
    expect(text).toContain('Alex Wilber heeft *Stap 1: inventariseren* gestart');
    expect(text).toContain('0 van 13 vragen beantwoord');
    for (const theme of ['Doelgroep en zorgvraag', 'Woonzorgvoorzieningen', 'Ruimtelijke planningskansen']) expect(text).toContain(theme);
    const codes = [...text.matchAll(/☐ \*\*([A-Z]\d)\*\*/g)].map((m) => m[1]);
    expect(codes).toEqual(['D1', 'D2', 'D3', 'D4', 'W1', 'W2', 'W3', 'W4', 'R1', 'R2', 'R3', 'R4', 'R5']);
    expect(text).toContain('☐ **D2** Wat is de omvang van deze categorieën?');
    // One item picker (the open items: code and short question), an input for free text, and the picker's
    // actions; export in the overflow menu. At most 4 actions for 13 open items (issue 21).
    const inputs: Record<string, any>[] = [];
    walk(startCard, (n) => {
      if (String(n.type).startsWith('Input.')) inputs.push(n);
    });
    expect(inputs.map((i) => `${i.type}:${i.id}`)).toEqual(['Input.ChoiceSet:item', 'Input.Text:answer']);
    expect(inputs[0].choices.map((c: any) => c.value)).toEqual(codes);
    expect(inputs[0].choices[1].title).toMatch(/^D2 — Wat is de omvang/);
    const actions = submitsOf(startCard);
    expect(actions.length).toBeLessThanOrEqual(4);
    expect(actions.map((a) => a.title)).toEqual(['Antwoord opslaan', 'Wat zeggen de documenten?', 'Exporteren']);
    expect((startCard!.actions as any[]).find((a) => a.title === 'Exporteren').mode).toBe('secondary');
  });

  it('answers in the card’s reply chain: a confirmation there, and the card updated in place', async () => {
    alexAnswer = channelMention(url, 'D2: 45 jongeren (GGD-monitor 2024)', { root });
    const calls = await exchange(alexAnswer);
    expect(calls).toHaveLength(2);
    expect(chainReply(calls)).toContain('Genoteerd bij D2 — Alex Wilber (Gemeente Zwolle)');
    // Only updates: no second card in the channel.
    expect(calls.some(isTopLevelPost)).toBe(false);
    const card = updatedCard(calls);
    expect(card).toContain('1 van 13 vragen beantwoord');
    expect(card).toContain('☑ **D2** Wat is de omvang van deze categorieën?');
    expect(card).toMatch(/– 45 jongeren \(GGD-monitor 2024\) _\(Alex Wilber, Gemeente Zwolle \(gemeente\), [^)]+\)_/);
    expect(card).toContain('Bijgedragen: gemeente');

    meganAnswer = channelMention(url, 'W2: 120 plekken in 2023 (Woonzorgmonitor deltaWonen)', { root, from: MEGAN });
    const calls2 = await exchange(meganAnswer);
    expect(chainReply(calls2)).toContain('Genoteerd bij W2 — Megan Bowen (deltaWonen)');
    const card2 = updatedCard(calls2);
    expect(card2).toContain('2 van 13 vragen beantwoord');
    expect(card2).toMatch(/– 120 plekken in 2023 \(Woonzorgmonitor deltaWonen\) _\(Megan Bowen, deltaWonen \(corporatie\), /);

    // The card's chain is the bot's own: an answer without a mention (Teams delivers it with RSC) counts too.
    const calls3 = await exchange(channelReply(url, 'D4: begeleiding bij geldzaken en een eigen plek', root, LIDIA));
    expect(chainReply(calls3)).toContain('Genoteerd bij D4 — Lidia Holloway (Tactus)');
    const card3 = updatedCard(calls3);
    expect(card3).toContain('3 van 13 vragen beantwoord');
    expect(card3).toContain('Bijgedragen: gemeente, corporatie, zorg');
  });

  it('records an answer from the card itself: the item chosen in the picker, the typed text, "Antwoord opslaan"', async () => {
    const button = submitsOf(startCard).find((s) => s.title === 'Antwoord opslaan')!;
    // Teams merges the card's inputs (the picker's choice, the text) into the button's data.
    const value = { ...button.data, item: 'R4', answer: 'Initiatief Thuis in de Wijk (2024)' };
    const calls = await exchange(cardSubmit(url, { id: chain, conversationType: 'channel' }, cardId, value, LIDIA));
    expect(chainReply(calls)).toContain('R4');
    const card = updatedCard(calls);
    expect(card).toContain('4 van 13 vragen beantwoord');
    expect(card).toContain('☑ **R4**');
    expect(card).toMatch(/– Initiatief Thuis in de Wijk \(2024\) _\(Lidia Holloway, Tactus \(zorg\), /);

    // Pressing it without typing anything explains what to do, and changes nothing.
    const empty = await exchange(
      cardSubmit(url, { id: chain, conversationType: 'channel' }, cardId, { ...button.data, item: 'R4' }, LIDIA),
    );
    expect(empty.filter(isUpdate)).toHaveLength(0);
    expect(chainReply(empty)).toContain('R4');
  });

  it('follows an edited answer message (messageUpdate / editMessage), also back and forth', async () => {
    const calls = await exchange(messageEdit(alexAnswer, 'D2: 48 jongeren (GGD-monitor 2024)'));
    expect(chainReply(calls)).toContain('Antwoord bij D2 bijgewerkt');
    const card = updatedCard(calls);
    expect(card).toContain('– 48 jongeren (GGD-monitor 2024)');
    expect(card).not.toContain('– 45 jongeren');
    expect(card).toContain('4 van 13 vragen beantwoord');

    // 48 → 45 → 48: each edit is a new event, even with a text seen before.
    expect(updatedCard(await exchange(messageEdit(alexAnswer, 'D2: 45 jongeren (GGD-monitor 2024)')))).toContain('– 45 jongeren');
    const again = messageEdit(alexAnswer, 'D2: 48 jongeren (GGD-monitor 2024)');
    expect(updatedCard(await exchange(again))).toContain('– 48 jongeren');
    // A redelivery of the same edit event is dropped.
    expect(await exchange(again)).toHaveLength(0);
  });

  it('withdraws the answer of a deleted message (messageDelete / softDeleteMessage)', async () => {
    const calls = await exchange(messageDelete(meganAnswer));
    expect(chainReply(calls)).toContain('Antwoord bij W2 ingetrokken');
    const card = updatedCard(calls);
    expect(card).toContain('3 van 13 vragen beantwoord');
    expect(card).toContain('☐ **W2**');
    expect(card).not.toContain('120 plekken');
  });

  it('exports the run in the chain: a reply showing the Markdown report (channels take no bot files)', async () => {
    const calls = await exchange(channelMention(url, 'export', { root, from: MEGAN }));
    expect(calls).toHaveLength(1);
    const [reply] = calls;
    expect(reply.conversationId).toBe(chain);
    expect(reply.body.replyToId).toBeTruthy();
    const text = shown(reply);
    expect(text).toMatch(/📄 \*\*werktafel-stappen-\d{4}-\d{2}-\d{2}\.md\*\*/);
    expectText(text, {
      contains: [
        '## Stap 1: inventariseren',
        '#### D2 — Wat is de omvang van deze categorieën?',
        '- 48 jongeren (GGD-monitor 2024) — Alex Wilber (Gemeente Zwolle, gemeente)',
        'bewerkt',
        '- begeleiding bij geldzaken en een eigen plek — Lidia Holloway (Tactus, zorg)',
        '- Initiatief Thuis in de Wijk (2024) — Lidia Holloway (Tactus, zorg)',
        '#### W2 — Hoeveel woonruimte is er in de woonzorgvoorzieningen aanwezig?',
        'Open vragen',
      ],
      // Withdrawn answers are not in the report.
      lacks: ['120 plekken'],
    });
    // The report is shown as text in the card (monospace), not as an attachment the channel would refuse.
    const file: Record<string, unknown>[] = [];
    walk(cardOf(reply), (n) => {
      if (n.fontType === 'Monospace') file.push(n);
    });
    expect(file).toHaveLength(1);
    expect(String(file[0].text).startsWith('# Werktafel')).toBe(true);
  });

  it('exports the step as CSV: a table card (Teams takes no file from a bot; the Playground refused it)', async () => {
    const [reply] = await exchange(channelMention(url, 'export stap 1 csv', { root, from: MEGAN }));
    const tables: Record<string, any>[] = [];
    walk(cardOf(reply), (n) => {
      if (n.type === 'Table') tables.push(n);
    });
    expect(tables).toHaveLength(1);
    const rows = tables[0].rows.map((r: any) => r.cells.map((c: any) => c.items[0].text));
    expect(tables[0].firstRowAsHeader).toBe(true);
    expect(rows[0].slice(0, 4)).toEqual(['Stap', 'Code', 'Vraag', 'Antwoord']);
    expect(rows.map((r: string[]) => r[3])).toEqual(
      expect.arrayContaining(['48 jongeren (GGD-monitor 2024)', 'Initiatief Thuis in de Wijk (2024)']),
    );
    expect(JSON.stringify(reply.body)).not.toContain('contentUrl');
  });

  it('lists the run with its progress (voortgang)', async () => {
    const calls = await exchange(channelMention(url, 'voortgang', { root, from: LIDIA }));
    expect(calls).toHaveLength(1);
    expect(calls[0].conversationId).toBe(chain);
    const text = shown(calls[0]);
    expect(text).toContain('**Stap 1: inventariseren** (open sinds');
    expect(text).toContain('3 van 13 vragen beantwoord');
    expect(text).toMatch(/Stap 2: (verwerken en )?analyseren/);
  });
});

describe('Teams: glossary and decisions, per conversation (issue 6)', () => {
  const DEFINITION = 'De beweging van bewoners van een woonzorgvoorziening naar een zelfstandige woning.';

  /** One message out, in the reply chain of the mention (channel) or in the chat. */
  async function ask(activity: Record<string, unknown>): Promise<string> {
    const calls = await exchange(activity);
    expect(calls).toHaveLength(1);
    expect(isChainReply(calls[0])).toBe(true);
    expect(calls[0].conversationId).toBe((activity.conversation as { id: string }).id);
    return shown(calls[0]);
  }

  it('in a channel: a definition is proposed, found again (also by synonym) with author and organisation', async () => {
    const proposed = await ask(channelMention(url, `begrip doorstroom = ${DEFINITION} [domein: sociaal] [synoniemen: doorstroming]`));
    expect(proposed).toContain('*doorstroom* staat in het begrippenkader als voorstel (versie 1)');

    // Someone else looks it up by its synonym: a card (documents with sources) in the chain of the question.
    const shownTerm = await ask(channelMention(url, 'begrip doorstroming', { from: MEGAN }));
    expect(shownTerm).toContain('*doorstroom* — voorstel in deze werkgroep (versie 1');
    expect(shownTerm).toContain(DEFINITION);
    expect(shownTerm).toContain('Synoniemen: doorstroming');
    expect(shownTerm).toMatch(/Versie 1 voorgesteld door Alex Wilber \(Gemeente Zwolle\) op /);
    expect(shownTerm).toContain('Wat de documenten zeggen over doorstroom');
    expect(shownTerm).toMatch(/\[1\] /);
  });

  it('in a channel: a decision is recorded with its item and listed', async () => {
    const recorded = await ask(channelMention(url, 'besluit D2: We tellen jongeren van 18 tot en met 23 jaar'));
    expect(recorded).toContain('Besluit *#1* vastgelegd: We tellen jongeren van 18 tot en met 23 jaar');
    expect(recorded).toMatch(/Alex Wilber \(Gemeente Zwolle\) · .* · bij item D2/);
    const list = await ask(channelMention(url, 'besluiten', { from: LIDIA }));
    expect(list).toContain('*Besluiten van deze werkgroep* (1)');
    expect(list).toMatch(/\*#1\* \[D2\] We tellen jongeren van 18 tot en met 23 jaar — Alex Wilber \(Gemeente Zwolle\)/);
  });

  it('in personal chat: a conversation of its own, with its own terms and decisions', async () => {
    await ask(personalMessage(url, 'organisatie Gemeente Zwolle gemeente'));
    // The channel's term is not this conversation's.
    const unknown = await ask(personalMessage(url, 'begrip doorstroom'));
    expect(unknown).toContain('Deze werkgroep heeft nog geen eigen definitie van ‘doorstroom’');
    expect(unknown).not.toContain(DEFINITION);

    expect(await ask(personalMessage(url, 'begrip regelkracht = Het vermogen van een jongere om zelf regie te voeren.'))).toContain(
      '*regelkracht* staat in het begrippenkader als voorstel (versie 1)',
    );
    const calls = await exchange(personalMessage(url, 'begrip regelkracht'));
    expect(calls).toHaveLength(1);
    expect(calls[0].conversationId).toBe(PERSONAL_CONVERSATION);
    // In chats a text message with Teams' citations instead of a card.
    expect(cardOf(calls[0])).toBeUndefined();
    const text = shown(calls[0]);
    expect(text).toContain('Het vermogen van een jongere om zelf regie te voeren.');
    expect(text).toMatch(/Versie 1 voorgesteld door Alex Wilber \(Gemeente Zwolle\)/);
    const entity = (calls[0].body.entities as Record<string, any>[]).find((e) => e['@type'] === 'Message');
    expect(entity?.citation.length).toBeGreaterThan(0);

    // Decisions are numbered per conversation: #1 again, and the channel's #1 is not listed.
    expect(await ask(personalMessage(url, 'besluit Wekelijks overleg op dinsdag'))).toContain(
      'Besluit *#1* vastgelegd: Wekelijks overleg op dinsdag',
    );
    const list = await ask(personalMessage(url, 'besluiten'));
    expect(list).toContain('*Besluiten van deze werkgroep* (1)');
    expect(list).toContain('Wekelijks overleg op dinsdag');
    expect(list).not.toContain('We tellen jongeren');
  });

  it('keeps other conversations apart: another channel and another member’s chat see nothing of these', async () => {
    const otherChannel = await ask(channelMention(url, 'begrip doorstroom', { channel: OTHER_CHANNEL, from: MEGAN }));
    expect(otherChannel).toContain('Deze werkgroep heeft nog geen eigen definitie van ‘doorstroom’');
    expect(otherChannel).not.toContain(DEFINITION);
    expect(await ask(channelMention(url, 'besluiten', { channel: OTHER_CHANNEL, from: MEGAN }))).toContain(
      'Deze werkgroep heeft nog geen besluiten',
    );
    // Nor does a step run of the first channel show up there.
    expect(await ask(channelMention(url, 'voortgang', { channel: OTHER_CHANNEL, from: MEGAN }))).not.toContain('3 van 13');

    const meganChat = await ask(personalMessage(url, 'begrip regelkracht', MEGAN, MEGAN_CHAT));
    expect(meganChat).toContain('Deze werkgroep heeft nog geen eigen definitie van ‘regelkracht’');
    expect(meganChat).not.toContain('zelf regie te voeren');
    expect(await ask(personalMessage(url, 'besluiten', MEGAN, MEGAN_CHAT))).toContain('Deze werkgroep heeft nog geen besluiten');
  });
});

describe('Teams: a flow that forgives (issue 11)', () => {
  const FLOW_CHANNEL = '19:werkgroep-flow@thread.tacv2';

  it('stores the kind a member names in Dutch, suggests a mistyped command and runs it from the card button', async () => {
    const org = await exchange(channelMention(url, 'organisatie Tactus Jeugd zorgaanbieder', { channel: FLOW_CHANNEL, from: LIDIA }));
    expect(shown(org[0])).toContain('je vertegenwoordigt *Tactus Jeugd* (zorg)');

    const mention = channelMention(url, 'voortgnag', { channel: FLOW_CHANNEL, from: LIDIA });
    const calls = await exchange(mention);
    expect(calls).toHaveLength(1);
    expect(shown(calls[0])).toContain('Bedoel je `voortgang`?');
    const [button] = submitsOf(cardOf(calls[0]));
    expect(button).toMatchObject({ title: 'voortgang', data: { action: 'command.suggested', value: 'voortgang' } });
    const pressed = await exchange(
      cardSubmit(
        url,
        { id: `${FLOW_CHANNEL};messageid=${mention.id}`, conversationType: 'channel' },
        String(calls[0].body.id ?? ''),
        { ...button.data },
        LIDIA,
      ),
    );
    expect(pressed.map(shown).join('\n')).toContain('Deze werkgroep heeft nog geen stap gestart');
  });
});

describe('Teams: thread input that is never lost (issue 21)', () => {
  const CH = '19:werkgroep-21@thread.tacv2';
  let cardId = '';
  const cardUpdate = (calls: ConnectorCall[]) => {
    const put = calls.find(isUpdate);
    expect(put?.activityId).toBe(cardId);
    return cardText(cardOf(put!));
  };
  const replyText = (calls: ConnectorCall[]) => calls.filter(isChainReply).map(shown).join('\n');

  it('"D4. …" is D4 and stored without the mark; an edit without a colon updates the answer', async () => {
    const [post] = await exchange(channelMention(url, 'start inventariseren', { channel: CH }));
    cardId = post.assignedId!;
    const d4 = await exchange(channelMention(url, 'D4. Jongeren zeggen zelf: een eigen voordeur', { channel: CH, root: cardId }));
    expect(replyText(d4)).toContain('Genoteerd bij D4');
    expect(cardUpdate(d4)).toContain('– Jongeren zeggen zelf: een eigen voordeur');
    expect(cardUpdate(d4)).not.toContain('D4. Jongeren');

    const answer = channelMention(url, 'W3 Skaeve Huse in Zeist', { channel: CH, root: cardId });
    await exchange(answer);
    const edit = await exchange(messageEdit(answer, 'W3 Skaeve Huse in Zeist en Utrecht'));
    expect(replyText(edit)).toContain('Antwoord bij W3 bijgewerkt');
    expect(replyText(edit)).not.toContain('ingetrokken');
    expect(cardUpdate(edit)).toContain('– Skaeve Huse in Zeist en Utrecht');
  });

  it('"w3 …" outside the card’s chain is asked back (Ja/Nee), not answered as a question; Ja files it, Nee drops it', async () => {
    const line = channelMention(url, 'w3 gemengd wonen zoals bij Start me Up', { channel: CH, from: MEGAN });
    const calls = await exchange(line);
    expect(calls).toHaveLength(1);
    expect(shown(calls[0])).toContain('Bedoel je je antwoord bij W3 van stap 1?');
    expect(calls[0].body.entities ?? []).not.toContainEqual(expect.objectContaining({ citation: expect.anything() }));
    const [yes, no] = submitsOf(cardOf(calls[0]));
    expect([yes.title, no.title]).toEqual(['Ja, opslaan bij W3', 'Nee']);
    const pressed = await exchange(
      cardSubmit(
        url,
        { id: `${CH};messageid=${line.id}`, conversationType: 'channel' },
        String(calls[0].body.id ?? ''),
        { ...yes.data },
        MEGAN,
      ),
    );
    expect(pressed.map(shown).join('\n')).toContain('Genoteerd bij W3 van Stap 1: inventariseren — Megan Bowen');
    expect(cardUpdate(pressed)).toContain('– gemengd wonen zoals bij Start me Up');

    const other = channelMention(url, 'w2 nog uitzoeken bij de corporatie', { channel: CH, from: MEGAN });
    const asked = await exchange(other);
    const nee = submitsOf(cardOf(asked[0])).find((s) => s.title === 'Nee')!;
    const dropped = await exchange(
      cardSubmit(
        url,
        { id: `${CH};messageid=${other.id}`, conversationType: 'channel' },
        String(asked[0].body.id ?? ''),
        { ...nee.data },
        MEGAN,
      ),
    );
    expect(dropped.map(shown).join('\n')).toContain('Niet opgeslagen');
    expect(dropped.filter(isUpdate)).toHaveLength(0);
  });

  it('"D2?" in the chain names its passages by source label, never by line numbers', async () => {
    const help = replyText(await exchange(channelMention(url, 'D2?', { channel: CH, root: cardId })));
    expect(help).toContain('§5.1 Stap 1: inventariseren, p. 43');
    expect(help).not.toMatch(/regels|lines? \d/);
  });
});

describe('Teams: `stap 1` shows the card anew where it is asked for (issue 21)', () => {
  // After a reload the Agents Playground no longer shows an earlier card, yet accepts its update (HTTP 200):
  // a card asked for by name is therefore posted again, and the old one points on.
  const CH = '19:werkgroep-herladen@thread.tacv2';
  const cardPost = (calls: ConnectorCall[]) => {
    const posts = calls.filter((c) => c.method === 'POST' && cardText(cardOf(c)).includes('vragen beantwoord'));
    expect(posts).toHaveLength(1);
    return posts[0];
  };
  let first = '';
  let firstChain = '';
  let latest = '';
  let latestChain = '';

  it('a second card where `stap 1` is asked; the old card becomes a note pointing on', async () => {
    const [start] = await exchange(channelMention(url, 'start inventariseren', { channel: CH }));
    first = start.assignedId!;
    firstChain = `${CH};messageid=${first}`;

    // A new post in the channel: the card comes in its reply chain, as a new message.
    const ask = channelMention(url, 'stap 1', { channel: CH, from: MEGAN });
    const calls = await exchange(ask);
    const post = cardPost(calls);
    expect(isChainReply(post)).toBe(true);
    expect(post.conversationId).toBe(`${CH};messageid=${ask.id}`);
    expect(cardText(cardOf(post))).toContain('0 van 13 vragen beantwoord');
    const puts = calls.filter(isUpdate);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ conversationId: firstChain, activityId: first });
    expect(shown(puts[0])).toContain('Deze kaart staat nu verderop in het gesprek.');
    expect(cardOf(puts[0])).toBeUndefined();
    expect(puts[0].body.attachments).toEqual([]);

    // Asked again, in the old card's own chain: a third card there, the second one points on.
    const again = await exchange(channelMention(url, 'stap 1', { channel: CH, root: first }));
    const post2 = cardPost(again);
    expect(post2.conversationId).toBe(firstChain);
    const puts2 = again.filter(isUpdate);
    expect(puts2).toHaveLength(1);
    expect(puts2[0]).toMatchObject({ conversationId: `${CH};messageid=${ask.id}`, activityId: post.assignedId });
    expect(shown(puts2[0])).toContain('Deze kaart staat nu verderop in het gesprek.');
    latest = post2.assignedId!;
    latestChain = firstChain;
  });

  it('an answer afterwards updates the card shown last, not the old ones', async () => {
    const calls = await exchange(channelMention(url, 'D2: 45 jongeren (GGD-monitor 2024)', { channel: CH, root: first, from: LIDIA }));
    expect(calls.filter(isChainReply).map(shown).join('\n')).toContain('Genoteerd bij D2');
    expect(calls.some((c) => c.method === 'POST' && cardText(cardOf(c)).includes('vragen beantwoord'))).toBe(false);
    const puts = calls.filter(isUpdate);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ conversationId: latestChain, activityId: latest });
    expect(cardText(cardOf(puts[0]))).toContain('1 van 13 vragen beantwoord');
  });
});
