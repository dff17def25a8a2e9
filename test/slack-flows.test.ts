import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { eventEnvelope, slashForm, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';
import { expectText } from './helpers/text.js';

// The working-group flows through the Slack adapter: signed requests to POST /slack/events (events
// API, slash commands), nock standing in for the Slack Web API. The assertions are on what members
// see in Slack: posted messages, cards updated in place, uploaded files.

const SECRET = 'flows-signing-secret';
const SLACK = 'https://slack.test';
const LLM = 'http://llm.test';

/** Members of the working group: Slack user id → display name. */
const PEOPLE: Record<string, string> = {
  U1: 'Anouk Jansen',
  U2: 'Bram de Vries',
  U3: 'Carmen Öztürk',
  U4: 'Dirk Smit',
};

let slack: SlackFixture;
const newTs = () => slack.api.newTs();

async function post(body: string, headers: Record<string, string>): Promise<number> {
  return (await slack.post(body, headers)).status;
}

/** One Events API delivery, signed; resolves once every reply it caused has been posted. */
async function sendEvent(event: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(eventEnvelope(event));
  expect(await post(body, signedHeaders(SECRET, body))).toBe(200);
  await slack.server.slack.idle();
}

/** `/werktafel <text>` typed by `user` in `channel`. */
async function slash(user: string, channel: string, text: string): Promise<void> {
  const form = slashForm({ user, channel, text, teamDomain: 'woonzorg', responseUrl: `${SLACK}/commands/resp` });
  expect(await post(form, signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'))).toBe(200);
  await slack.server.slack.idle();
}

/** `@Werktafel <text>` at top level of `channel`; returns the mention's ts. */
async function mention(user: string, channel: string, text: string): Promise<string> {
  const ts = newTs();
  await sendEvent({ type: 'app_mention', user, text: `<@UBOT> ${text}`, ts, channel });
  return ts;
}

/** A plain message in a thread (no mention), as Slack sends it to a bot in the channel; returns its ts. */
async function inThread(user: string, channel: string, thread: string, text: string): Promise<string> {
  const ts = newTs();
  await sendEvent({ type: 'message', channel_type: 'channel', user, text, ts, thread_ts: thread, channel });
  return ts;
}

async function editInThread(user: string, channel: string, thread: string, ts: string, before: string, after: string): Promise<void> {
  await sendEvent({
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel,
    channel_type: 'channel',
    ts: newTs(),
    message: { type: 'message', user, text: after, ts, thread_ts: thread, edited: { user, ts: newTs() } },
    previous_message: { type: 'message', user, text: before, ts, thread_ts: thread },
  });
}

async function deleteInThread(user: string, channel: string, thread: string, ts: string, text: string): Promise<void> {
  await sendEvent({
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel,
    channel_type: 'channel',
    ts: newTs(),
    deleted_ts: ts,
    previous_message: { type: 'message', user, text, ts, thread_ts: thread },
  });
}

const of = (method: string, channel?: string) => slack.api.of(method, channel);
const posted = (channel?: string) => of('chat.postMessage', channel);
const updates = (channel?: string) => of('chat.update', channel);

/** Everything a member reads in a message: the blocks' texts (header, sections, context, buttons), else the fallback text. */
function visible(args: Record<string, any>): string {
  const blocks = (args.blocks ?? []) as any[];
  if (!blocks.length) return String(args.text ?? '');
  const out: string[] = [];
  for (const b of blocks) {
    if (b.text?.text) out.push(b.text.text);
    for (const e of b.elements ?? []) out.push(e.text?.text ?? e.text ?? '');
    for (const f of b.fields ?? []) out.push(f.text ?? '');
  }
  return out.join('\n');
}

/** The one message posted in `channel` since the last reset, with what it shows. */
function onlyPost(channel: string): { args: Record<string, any>; ts: string; shown: string } {
  const list = posted(channel);
  expect(list, `posts in ${channel}: ${list.map((c) => c.args.text).join(' | ')}`).toHaveLength(1);
  return { args: list[0].args, ts: list[0].result.ts, shown: visible(list[0].args) };
}

const reset = () => {
  slack.api.calls.length = 0;
};
const db = () => slack.server.slack.bot.services.db;

beforeAll(async () => {
  // Never reached while no model is configured; here so a stray call fails loudly instead of leaving the machine.
  nock(LLM).persist().post(/.*/).reply(500, { error: 'no LLM in this test' });
  // No language model (the fixture's isolated environment has no OPENAI_*): the flows must not depend
  // on one (questions are answered from the documents alone).
  slack = await startSlackFixture({ base: SLACK, tsBase: 1_710_000_000, displayName: (user) => PEOPLE[user] ?? '', secret: SECRET });
}, 120_000);

afterEach(() => reset());

afterAll(async () => {
  await slack?.close();
});

describe('step checklist through Slack (issue 5)', () => {
  const CH = 'C100';
  let card = '';
  let cardBlocks: any[] = [];

  it('members register their organisations with the slash command', async () => {
    for (const [user, org] of [
      ['U1', 'Gemeente Zwolle gemeente'],
      ['U2', 'deltaWonen corporatie'],
      ['U3', 'Dimence zorg'],
    ]) {
      reset();
      await slash(user, CH, `organisatie ${org}`);
      const { args, shown } = onlyPost(CH);
      expect(args.thread_ts).toBeUndefined();
      expect(shown).toContain(`*${org.split(' ').slice(0, -1).join(' ')}* (${org.split(' ').pop()})`);
    }
  });

  it('a project leader starts step 1 with /werktafel: a top-level card with the checklist opens the thread', async () => {
    await slash('U1', CH, 'start inventariseren');
    const { args, ts, shown } = onlyPost(CH);
    expect(args.thread_ts).toBeUndefined();
    card = ts;
    const blocks = args.blocks as any[];
    cardBlocks = blocks;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.find((b) => b.type === 'header')?.text.text).toContain('Stap 1: inventariseren');
    expect(shown).toContain('Anouk Jansen heeft *Stap 1: inventariseren* gestart');
    expect(shown).toContain('0 van 13 vragen beantwoord');
    // Themes and every item, unanswered.
    expect(shown).toMatch(/\*Doelgroep[^*]*\*/);
    for (const code of ['D1', 'D2', 'D3', 'D4', 'W1', 'W2', 'W3', 'W4', 'R1', 'R2', 'R3', 'R4', 'R5'])
      expect(shown).toContain(`☐ *${code}*`);
    expect(shown).toContain('Wat is de omvang van deze categorieën?');
    // 13 open items: one item menu (static_select) with the picker's buttons, not two buttons per item (issue 21).
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
    const menu = buttons.find((e: any) => e.type === 'static_select');
    expect(menu.options.map((o: any) => o.value)).toEqual(['D1', 'D2', 'D3', 'D4', 'W1', 'W2', 'W3', 'W4', 'R1', 'R2', 'R3', 'R4', 'R5']);
    expect(menu.options[1].text.text).toMatch(/^D2 — Wat is de omvang/);
    expect(buttons.filter((e: any) => e.type === 'button').map((e: any) => e.text.text)).toEqual([
      'Antwoord opslaan',
      'Wat zeggen de documenten?',
      'Exporteren',
    ]);
    expect(buttons.some((e: any) => /^[✎📚]/u.test(e.text?.text ?? ''))).toBe(false);
    // The core knows the card: stored for updates, its thread linked to the run.
    const { rows } = await db().query<{ thread: string }>(`SELECT thread FROM step_runs WHERE group_id = $1`, [`slack:T1:${CH}`]);
    expect(rows).toEqual([{ thread: card }]);
  });

  it('the item menu: choosing an item only sets it; "Wat zeggen de documenten?" then acts on that item', async () => {
    reset();
    const menu = { type: 'static_select', action_id: 'input:item', block_id: 'picker', selected_option: { value: 'D2' }, action_ts: '1' };
    await press('U3', CH, { ts: card }, menu);
    expect(posted(CH)).toHaveLength(0);
    const help = cardBlocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e: any) => e.text?.text === 'Wat zeggen de documenten?');
    await press('U3', CH, { ts: card }, help, { picker: { 'input:item': { type: 'static_select', selected_option: { value: 'D2' } } } });
    const [reply] = posted(CH);
    expect(reply.args.thread_ts).toBe(card);
    expect(visible(reply.args)).toContain('D2');
    expect(visible(reply.args)).toContain('Wat is de omvang van deze categorieën?');
    reset();
    // Pressed without choosing: a polite request to choose first.
    await press('U3', CH, { ts: card }, help);
    const [polite] = [...of('chat.postEphemeral', CH), ...posted(CH)];
    expect(visible(polite.args)).toContain('Kies eerst een vraag in de lijst');
    reset();
  });

  it('someone else cannot start it, and starting again points to the card, which is refreshed in place', async () => {
    await slash('U2', CH, 'start analyseren');
    expect(onlyPost(CH).shown).toMatch(/projectleider[\s\S]*Anouk Jansen/);
    reset();
    const ts = await mention('U1', CH, 'start inventariseren');
    const note = onlyPost(CH);
    expect(note.args.thread_ts).toBe(ts);
    expect(note.shown).toContain('loopt al');
    expect(updates(CH).map((c) => c.args.ts)).toEqual([card]);
  });

  const answers: Record<string, string> = {};

  it('answers from three organisations in the card’s thread update the card in place', async () => {
    answers.anouk = await inThread('U1', CH, card, 'D2: 45 jongeren (GGD-monitor 2024)');
    const confirm = onlyPost(CH);
    expect(confirm.args.thread_ts).toBe(card);
    expect(confirm.shown).toContain('Genoteerd bij D2');
    expect(confirm.shown).toContain('Anouk Jansen');
    expect(confirm.shown).toContain('Gemeente Zwolle');
    let [update] = updates(CH);
    expect(update.args.ts).toBe(card);
    let shown = visible(update.args);
    expect(shown).toContain('1 van 13 vragen beantwoord');
    expect(shown).toContain('☑ *D2*');
    expect(shown).toMatch(/– 45 jongeren \(GGD-monitor 2024\) _\(Anouk Jansen, Gemeente Zwolle \(gemeente\), \d{4}-\d{2}-\d{2}/);

    reset();
    answers.bram = await inThread('U2', CH, card, 'W2: 120 plekken in 2023 (Woonzorgmonitor deltaWonen)');
    reset();
    answers.carmen = await inThread(
      'U3',
      CH,
      card,
      'd2: 12 jongeren met ggz-problematiek (Dimence jaarverslag 2023)\nD4: begeleiding bij geldzaken en een eigen plek',
    );
    expect(onlyPost(CH).shown).toMatch(/D2.*D4|D4.*D2/);
    [update] = updates(CH);
    expect(update.args.ts).toBe(card);
    shown = visible(update.args);
    expect(shown).toContain('3 van 13 vragen beantwoord');
    for (const code of ['D2', 'W2', 'D4']) expect(shown).toContain(`☑ *${code}*`);
    expect(shown).toContain('☐ *D1*');
    expect(shown).toMatch(/120 plekken in 2023 \(Woonzorgmonitor deltaWonen\) _\(Bram de Vries, deltaWonen \(corporatie\)/);
    expect(shown).toMatch(/12 jongeren met ggz-problematiek \(Dimence jaarverslag 2023\) _\(Carmen Öztürk, Dimence \(zorg\)/);
    expect(shown).toMatch(/Bijgedragen door: .*Gemeente Zwolle \(gemeente\)/);
    expect(shown).toMatch(/Bijgedragen door: .*deltaWonen \(corporatie\)/);
    expect(shown).toMatch(/Bijgedragen door: .*Dimence \(zorg\)/);
    // Never a second card.
    expect(posted(CH).every((c) => c.args.thread_ts === card)).toBe(true);
  });

  it('an edited message updates the answer, a deleted one withdraws it', async () => {
    await editInThread('U1', CH, card, answers.anouk, 'D2: 45 jongeren (GGD-monitor 2024)', 'D2: 48 jongeren (GGD-monitor 2024)');
    expect(onlyPost(CH).args.thread_ts).toBe(card);
    let [update] = updates(CH);
    expect(update.args.ts).toBe(card);
    let shown = visible(update.args);
    expect(shown).toContain('48 jongeren (GGD-monitor 2024)');
    // (The card's own hint uses "45 jongeren (GGD-monitor 2024)" as its example; the answer line is gone.)
    expect(shown).not.toMatch(/– 45 jongeren/);
    expect(shown).toContain('3 van 13 vragen beantwoord');

    reset();
    await deleteInThread('U2', CH, card, answers.bram, 'W2: 120 plekken in 2023 (Woonzorgmonitor deltaWonen)');
    const note = onlyPost(CH);
    expect(note.args.thread_ts).toBe(card);
    expect(note.shown).toContain('W2 ingetrokken');
    [update] = updates(CH);
    shown = visible(update.args);
    expect(shown).toContain('2 van 13 vragen beantwoord');
    expect(shown).toContain('☐ *W2*');
    expect(shown).not.toContain('120 plekken');

    // Someone else's edit of Anouk's message changes nothing.
    reset();
    await editInThread('U3', CH, card, answers.anouk, 'D2: 48 jongeren (GGD-monitor 2024)', 'D2: gekaapt');
    expect(posted()).toHaveLength(0);
    expect(updates()).toHaveLength(0);
  });

  it('`export` in the thread uploads the report into the thread', async () => {
    await inThread('U3', CH, card, 'export');
    const note = onlyPost(CH);
    expect(note.args.thread_ts).toBe(card);
    expect(note.shown).toContain('Het rapport staat in het bestand');
    const [getUrl] = of('files.getUploadURLExternal');
    expect(getUrl.args.filename).toMatch(/^werktafel-.*\.md$/);
    const [complete] = of('files.completeUploadExternal');
    expect(complete.args).toMatchObject({ channel_id: CH, thread_ts: card });
    expect(complete.args.files).toEqual([expect.objectContaining({ id: getUrl.result.file_id })]);
    const content = slack.api.uploads.get(getUrl.result.file_id)!;
    expect(content).toBeDefined();
    expect(Buffer.byteLength(content)).toBe(Number(getUrl.args.length));
    expectText(content, {
      contains: [
        'Stap 1: inventariseren',
        'Wat is de omvang van deze categorieën?',
        '48 jongeren (GGD-monitor 2024) — Anouk Jansen (Gemeente Zwolle, gemeente)',
        '12 jongeren met ggz-problematiek (Dimence jaarverslag 2023) — Carmen Öztürk (Dimence, zorg)',
        'begeleiding bij geldzaken en een eigen plek — Carmen Öztürk (Dimence, zorg)',
        'bewerkt',
        'Open vragen',
      ],
      lacks: ['120 plekken'],
    });
  });

  it('/werktafel voortgang lists the run', async () => {
    await slash('U2', CH, 'voortgang');
    const { args, shown } = onlyPost(CH);
    expect(args.thread_ts).toBeUndefined();
    expect(shown).toContain('Voortgang van de stappen');
    expect(shown).toMatch(/Stap 1: inventariseren\* \(open sinds \d{4}-\d{2}-\d{2}\)/);
    expect(shown).toContain('2 van 13');
    expect(shown).toContain('Nog niet gestart');
  });

  it('@Werktafel start in another channel posts that channel’s own card at top level, and its thread takes answers', async () => {
    const ch = 'C101';
    const ts = await mention('U4', ch, 'start inventariseren');
    const { args, ts: own, shown } = onlyPost(ch);
    // A card opens its own thread, not the mention's.
    expect(args.thread_ts).toBeUndefined();
    expect(own).not.toBe(ts);
    expect(own).not.toBe(card);
    expect(shown).toContain('0 van 13 vragen beantwoord');
    reset();
    await inThread('U4', ch, own, 'D1: dak- en thuisloze jongeren');
    expect(onlyPost(ch).args.thread_ts).toBe(own);
    const [update] = updates(ch);
    expect(update.args).toMatchObject({ channel: ch, ts: own });
    expect(visible(update.args)).toContain('1 van 13 vragen beantwoord');
    // The first channel's card is untouched, and an answer in its thread stays there.
    expect(updates(CH)).toHaveLength(0);
    reset();
    await slash('U4', ch, 'voortgang');
    expect(onlyPost(ch).shown).toContain('1 van 13');
  });
});

describe('glossary and decisions through Slack (issue 6)', () => {
  const CH = 'C200';
  const OTHER = 'C201';
  const DEFINITION = 'De beweging van bewoners van een woonzorgvoorziening naar een zelfstandige woning.';

  it('a member proposes a term with a mention; another reads it with /werktafel, with author and organisation', async () => {
    await slash('U1', CH, 'organisatie Gemeente Zwolle gemeente');
    reset();
    const ts = await mention('U1', CH, `begrip doorstroom = ${DEFINITION} [domein: sociaal] [synoniemen: doorstroming]`);
    const proposed = onlyPost(CH);
    expect(proposed.args.thread_ts).toBe(ts);
    expect(proposed.shown).toContain('*doorstroom* staat in het begrippenkader als voorstel (versie 1)');

    reset();
    await slash('U2', CH, 'begrip doorstroom');
    const { args, shown } = onlyPost(CH);
    expect(args.thread_ts).toBeUndefined();
    expect(shown).toContain('*doorstroom* — voorstel in deze werkgroep (versie 1');
    expect(shown).toContain(DEFINITION);
    expect(shown).toContain('Anouk Jansen');
    expect(shown).toContain('Gemeente Zwolle');
    // Then what the documents say, with sources.
    expect(shown).toContain('Wat de documenten zeggen over doorstroom');
    expect(shown).toContain('Bronnen');

    // A synonym, in a thread the bot answered in, finds the same term without a new mention.
    reset();
    await inThread('U3', CH, ts, 'begrip doorstroming');
    const viaSynonym = onlyPost(CH);
    expect(viaSynonym.args.thread_ts).toBe(ts);
    expect(viaSynonym.shown).toContain(DEFINITION);
  });

  it('the project leader agrees the definition; besluit records a decision and besluiten lists it', async () => {
    await slash('U1', CH, 'begrip doorstroom vaststellen');
    expect(onlyPost(CH).shown).toMatch(/doorstroom/);
    reset();
    await slash('U2', CH, 'begrip doorstroom');
    expect(onlyPost(CH).shown).toContain('afspraak in deze werkgroep (vastgesteld, versie 1)');

    reset();
    await slash('U2', CH, 'organisatie deltaWonen corporatie');
    reset();
    const ts = await mention('U2', CH, 'besluit We reserveren 20 woningen voor doorstroom uit de jeugdzorg');
    const recorded = onlyPost(CH);
    expect(recorded.args.thread_ts).toBe(ts);
    expect(recorded.shown).toContain('Besluit *#1* vastgelegd: We reserveren 20 woningen voor doorstroom uit de jeugdzorg');

    reset();
    await slash('U3', CH, 'besluiten');
    const list = onlyPost(CH).shown;
    expect(list).toContain('Besluiten van deze werkgroep');
    expect(list).toContain('#1');
    expect(list).toContain('We reserveren 20 woningen voor doorstroom uit de jeugdzorg');
    expect(list).toContain('Bram de Vries');

    reset();
    await slash('U3', CH, 'besluiten jeugdzorg');
    expect(onlyPost(CH).shown).toContain('We reserveren 20 woningen');
  });

  it('reads slash command text the way Slack escapes it (&amp;, <@U…|name> mentions)', async () => {
    await slash('U1', CH, 'besluit Wonen &amp; zorg onder één dak &lt;pilot&gt;');
    const shown = onlyPost(CH).shown;
    expect(shown).toContain('Besluit *#2* vastgelegd');
    // Shown once escaped (Slack renders "Wonen & zorg"), not twice.
    expect(shown).toContain('Wonen &amp; zorg onder één dak &lt;pilot&gt;');
    const { rows } = await db().query<{ text: string }>('SELECT text FROM decisions WHERE group_id = $1 AND number = 2', [
      `slack:T1:${CH}`,
    ]);
    expect(rows[0].text).toBe('Wonen & zorg onder één dak <pilot>');

    reset();
    await slash('U1', CH, 'rol projectleider <@U3|carmen>');
    expect(onlyPost(CH).shown).toContain('projectleider');
    const member = await db().query<{ role: string }>('SELECT role FROM members WHERE group_id = $1 AND user_id = $2', [
      `slack:T1:${CH}`,
      'U3',
    ]);
    expect(member.rows).toEqual([{ role: 'projectleider' }]);
  });

  it('another channel sees neither the term nor the decision', async () => {
    await slash('U1', OTHER, 'begrip doorstroom');
    const shown = onlyPost(OTHER).shown;
    expect(shown).toContain('Deze werkgroep heeft nog geen eigen definitie van ‘doorstroom’');
    expect(shown).not.toContain(DEFINITION);
    expect(shown).not.toContain('Anouk Jansen');

    reset();
    await mention('U1', OTHER, 'begrippen');
    expect(onlyPost(OTHER).shown).not.toContain(DEFINITION);

    reset();
    await slash('U1', OTHER, 'besluiten');
    const list = onlyPost(OTHER).shown;
    expect(list).toContain('Deze werkgroep heeft nog geen besluiten vastgelegd');
    expect(list).not.toContain('20 woningen');
    // Nothing was posted in the first channel meanwhile.
    expect(posted(CH)).toHaveLength(0);
  });
});

/** A member presses a button the bot posted (block_actions), in the message's channel and thread. */
async function press(
  user: string,
  channel: string,
  message: { ts: string; thread?: string },
  button: { action_id: string; value?: string; type?: string; [k: string]: unknown },
  state?: Record<string, Record<string, unknown>>,
): Promise<void> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'woonzorg' },
    user: { id: user, name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 't',
    channel: { id: channel, name: 'werkgroep' },
    message: { ts: message.ts, thread_ts: message.thread, type: 'message', text: 'x' },
    container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
    response_url: `${SLACK}/actions/resp`,
    actions: [
      button.type && button.type !== 'button'
        ? button
        : { type: 'button', action_id: button.action_id, block_id: 'buttons', value: button.value, action_ts: '1' },
    ],
    ...(state ? { state: { values: state } } : {}),
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  expect(await post(body, signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'))).toBe(200);
  await slack.server.slack.idle();
}

const buttonsOf = (args: Record<string, any>) =>
  ((args.blocks ?? []) as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('a flow that forgives, through Slack (issue 11)', () => {
  const CH = 'C300';
  let card = '';

  it('5/10: organisation kinds in Dutch; refusals name the project leader', async () => {
    await slash('U3', CH, 'organisatie Tactus Jeugd zorgaanbieder');
    expect(onlyPost(CH).shown).toContain('*Tactus Jeugd* (zorg)');
    reset();
    await slash('U1', CH, 'organisatie Gemeente Deventer gemeente');
    reset();
    await slash('U1', CH, 'start inventariseren');
    card = onlyPost(CH).ts;
    reset();
    await slash('U2', CH, 'stap 1 afronden');
    expect(onlyPost(CH).shown).toContain('Projectleiders: Anouk Jansen (Gemeente Deventer)');
  });

  it('1: an item code typed in the channel is recorded in the only open round; the card is updated in place', async () => {
    await slash('U3', CH, 'W3: Skaeve Huse en kamertraining (wmo-monitor 2024)');
    const note = onlyPost(CH);
    expect(note.shown).toContain('Genoteerd bij W3 van Stap 1: inventariseren — Carmen Öztürk (Tactus Jeugd)');
    expect(note.shown).not.toContain('wmomonitor');
    const [update] = updates(CH);
    expect(update.args.ts).toBe(card);
    expect(visible(update.args)).toContain('☑ *W3*');
  });

  it('2: "W3 …" without a colon counts in the thread; a line without a code asks which item, with buttons that file it', async () => {
    await inThread('U3', CH, card, 'W3 Skaeve Huse ook in Zeist');
    expect(onlyPost(CH).shown).toContain('Genoteerd bij W3');
    reset();
    await inThread('U2', CH, card, 'Ongeveer veertig jongeren per jaar');
    const ask = onlyPost(CH);
    expect(ask.shown).toContain('Bij welke vraag hoort dit?');
    expect(ask.args.blocks.some((b: any) => b.type === 'context' && /bronnen|sources/i.test(JSON.stringify(b)))).toBe(false);
    const d2 = buttonsOf(ask.args).find((e: any) => e.text.text.startsWith('D2'));
    expect(d2.action_id).toMatch(/^step\.assign/);
    reset();
    await press('U2', CH, { ts: ask.ts, thread: card }, d2);
    expect(
      posted(CH)
        .map((c) => visible(c.args))
        .join('\n'),
    ).toContain('Genoteerd bij D2');
    expect(visible(updates(CH)[0].args)).toContain('Ongeveer veertig jongeren per jaar');
  });

  it('3: "D2 wijzigen: …" and "D2 intrekken" change only the member’s own answer', async () => {
    await inThread('U1', CH, card, 'D2: 45 jongeren (GGD-monitor 2024)');
    reset();
    await inThread('U1', CH, card, 'D2 wijzigen: 48 jongeren (GGD-monitor 2024)');
    expect(onlyPost(CH).shown).toContain('Antwoord bij D2 bijgewerkt');
    let shown = visible(updates(CH)[0].args);
    expect(shown).toContain('– 48 jongeren (GGD-monitor 2024)');
    expect(shown).not.toContain('– 45 jongeren');
    reset();
    await inThread('U1', CH, card, 'D2 intrekken');
    shown = visible(updates(CH)[0].args);
    expect(shown).not.toContain('– 48 jongeren');
    expect(shown).toContain('Ongeveer veertig jongeren per jaar'); // Bram's answer stays
  });

  it('4: a typo gets "Bedoel je `voortgang`?" with a button that runs it', async () => {
    await slash('U1', CH, 'voortgnag');
    const hint = onlyPost(CH);
    expect(hint.shown).toContain('Bedoel je `voortgang`?');
    const [button] = buttonsOf(hint.args);
    expect(button.action_id).toBe('command.suggested');
    reset();
    await press('U1', CH, { ts: hint.ts }, button);
    expect(
      posted(CH)
        .map((c) => visible(c.args))
        .join('\n'),
    ).toContain('Voortgang van de stappen');
    reset();
    await slash('U1', CH, 'flibber');
    const help = onlyPost(CH).shown;
    expect(help).toContain('Ik ken het commando `flibber` niet');
    expect(help).toContain('`voortgang`');
  });

  it('6/7/9: Dutch on an English command word; a revised decision and its CSV for Dutch spreadsheets', async () => {
    await slash('U1', CH, 'term doorstroom');
    expect(onlyPost(CH).shown).toContain('Deze werkgroep heeft nog geen eigen definitie');
    reset();
    await slash('U1', CH, 'besluit =HYPERLINK("https://evil.example","klik")');
    await slash('U1', CH, 'besluit 1 herzien: We reserveren 25 woningen reden: nieuwe cijfers');
    await slash('U1', CH, 'besluit -1 woning per jaar voor de pilot');
    reset();
    await slash('U1', CH, 'export besluiten');
    const csvUpload = of('files.getUploadURLExternal').find((c) => String(c.args.filename).endsWith('.csv'))!;
    const csv = slack.api.uploads.get(csvUpload.result.file_id)!;
    expect(csv.startsWith('\uFEFFNummer;Besluit;Status;')).toBe(true);
    expect(csv).toMatch(/\r\n1;We reserveren 25 woningen;herzien;/);
    expect(csv).toContain('nieuwe cijfers');
    expect(csv).toContain('was: „=HYPERLINK'); // the old text travels in the history, inside a cell that starts with a date
    expect(csv).toMatch(/\r\n2;'-1 woning per jaar voor de pilot;genomen;/); // no live formula
    expect(csv).not.toMatch(/;[=+\-@]/);
  });
});

describe('thread input that is never lost, through Slack (issue 21)', () => {
  const CH = 'C400';
  let card = '';

  it('"D4. …" is D4 and stored without the mark; an edit without a colon updates the answer', async () => {
    await slash('U1', CH, 'start inventariseren');
    card = onlyPost(CH).ts;
    reset();
    await inThread('U1', CH, card, 'D4. Jongeren zeggen zelf: een eigen voordeur');
    expect(onlyPost(CH).shown).toContain('Genoteerd bij D4');
    let shown = visible(updates(CH)[0].args);
    expect(shown).toContain('– Jongeren zeggen zelf: een eigen voordeur');
    expect(shown).not.toContain('D4. Jongeren');
    reset();
    const ts = await inThread('U1', CH, card, 'W3 Skaeve Huse in Zeist');
    reset();
    await editInThread('U1', CH, card, ts, 'W3 Skaeve Huse in Zeist', 'W3 Skaeve Huse in Zeist en Utrecht');
    const note = onlyPost(CH).shown;
    expect(note).toContain('Antwoord bij W3 bijgewerkt');
    expect(note).not.toContain('ingetrokken');
    shown = visible(updates(CH)[0].args);
    expect(shown).toContain('– Skaeve Huse in Zeist en Utrecht');
  });

  it('"w3 …" outside the thread is asked back (Ja/Nee), not answered as a question; Ja files it in step 1', async () => {
    reset();
    await mention('U2', CH, 'w3 gemengd wonen zoals bij Start me Up');
    const ask = onlyPost(CH);
    expect(ask.shown).toContain('Bedoel je je antwoord bij W3 van stap 1?');
    expect(ask.shown).not.toMatch(/Bronnen|handreiking/i);
    const [yes, no] = buttonsOf(ask.args);
    expect([yes.text.text, no.text.text]).toEqual(['Ja, opslaan bij W3', 'Nee']);
    reset();
    await press('U2', CH, { ts: ask.ts, thread: ask.args.thread_ts }, yes);
    expect(
      posted(CH)
        .map((c) => visible(c.args))
        .join('\n'),
    ).toContain('Genoteerd bij W3 van Stap 1: inventariseren — Bram de Vries');
    const [update] = updates(CH);
    expect(update.args.ts).toBe(card);
    expect(visible(update.args)).toContain('– gemengd wonen zoals bij Start me Up');
  });

  it('brackets in a thread answer are text: no source, no year from "leeg sinds 2024"; units keep their plural; a figure shows its year once', async () => {
    await inThread('U1', CH, card, "R2: 12 studio's in het oude raadhuis (gemeente-eigendom, leeg sinds 2024)");
    await inThread('U1', CH, card, 'D2: 67 jongeren (2025) (bron: Jongerenmonitor 2023)');
    reset();
    await slash('U1', CH, 'export stap 1 csv');
    const upload = of('files.getUploadURLExternal').find((c) => String(c.args.filename).endsWith('.csv'))!;
    const csv = slack.api.uploads.get(upload.result.file_id)!;
    expect(csv).toMatch(/;R2;[^;]*;12 studio's in het oude raadhuis \(gemeente-eigendom, leeg sinds 2024\);Anouk Jansen;;;;12 studio's;;/);
    expect(csv).toMatch(
      /;D2;[^;]*;67 jongeren \(2025\) \(bron: Jongerenmonitor 2023\);Anouk Jansen;;;Jongerenmonitor 2023;67 jongeren \(2025\);2025;/,
    );
    reset();
    await slash('U1', CH, 'export stap 1');
    const md = slack.api.uploads.get(
      of('files.getUploadURLExternal').find((c) => String(c.args.filename).endsWith('.md'))!.result.file_id,
    )!;
    expect(md).toMatch(/cijfers: 67 jongeren \(2025\)$/m);
    expect(md).not.toContain('(2025) (2023)');
  });

  it('"D2?" in the thread names its passages by source label, never by line numbers', async () => {
    reset();
    await inThread('U1', CH, card, 'D2?');
    const help = onlyPost(CH).shown;
    expect(help).toContain('§5.1 Stap 1: inventariseren, p. 43');
    expect(help).toMatch(/\[1\] [^\n]*\d{4}[^\n]*: “/);
    expect(help).not.toMatch(/regels|lines? \d/);
  });
});

describe('`stap 1` shows the card anew where it is asked for, through Slack (issue 21)', () => {
  // The same core rule as in Teams: a card asked for by name may be far up the channel, so it is posted again
  // where it was asked, the old one points on, and later answers update the new one.
  const CH = 'C500';
  let first = '';
  let second = '';
  let third = '';
  const cardPosts = () => posted(CH).filter((c) => /vragen beantwoord|questions answered/.test(visible(c.args)));

  it('/werktafel stap 1 posts the card again at top level (its thread takes answers); the old card points on', async () => {
    await slash('U1', CH, 'start inventariseren');
    first = onlyPost(CH).ts;
    reset();
    await slash('U2', CH, 'stap 1');
    const { args, ts, shown } = onlyPost(CH);
    expect(args.thread_ts).toBeUndefined();
    expect(ts).not.toBe(first);
    expect(shown).toContain('0 van 13 vragen beantwoord');
    second = ts;
    const [moved] = updates(CH);
    expect(updates(CH)).toHaveLength(1);
    expect(moved.args.ts).toBe(first);
    expect(visible(moved.args)).toBe('Deze kaart staat nu verderop in het gesprek.');
    expect(buttonsOf(moved.args)).toEqual([]);

    // The new card's thread is the step's thread now: a code without a colon counts there.
    reset();
    await inThread('U2', CH, second, 'D1 dak- en thuisloze jongeren');
    expect(onlyPost(CH).shown).toContain('Genoteerd bij D1');
    expect(updates(CH).map((c) => c.args.ts)).toEqual([second]);
  });

  it('`step 1` in a mention (the English word of the same command): the card in the mention’s thread; the previous one points on', async () => {
    reset();
    const ts = await mention('U3', CH, 'step 1');
    const [card] = cardPosts();
    expect(cardPosts()).toHaveLength(1);
    expect(card.args.thread_ts).toBe(ts);
    // The group works in Dutch; a command word alone does not change that.
    expect(visible(card.args)).toContain('1 van 13 vragen beantwoord');
    third = card.result.ts;
    const [moved] = updates(CH);
    expect(updates(CH)).toHaveLength(1);
    expect(moved.args.ts).toBe(second);
    expect(visible(moved.args)).toBe('Deze kaart staat nu verderop in het gesprek.');
  });

  it('a later answer, in the step’s thread, updates the card shown last and no other', async () => {
    reset();
    await inThread('U1', CH, second, 'D2: 45 jongeren (GGD-monitor 2024)');
    expect(onlyPost(CH).shown).toContain('Genoteerd bij D2');
    const [update] = updates(CH);
    expect(updates(CH)).toHaveLength(1);
    expect(update.args.ts).toBe(third);
    expect(visible(update.args)).toContain('2 van 13 vragen beantwoord');
    expect(cardPosts()).toHaveLength(0);
  });
});
