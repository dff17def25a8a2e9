import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeCell } from '../src/core/csv.js';
import { editDistance, suggestCommand } from '../src/core/grammar.js';
import type { IncomingAction, IncomingMessage, Reply } from '../src/core/types.js';
import { splitOrganisation } from '../src/groups/kinds.js';
import { parseFacts } from '../src/steps/facts.js';
import { type TestApp, testApp } from './helpers/app.js';

// Issue 11 through the core: a working group's flow that forgives (answers outside the thread,
// small variations, corrections, did-you-mean), organisation kinds, language, revised decisions,
// honest figures, Dutch exports and refusals that name the project leaders.

const cardOf = (replies: Reply[]) => replies.find((r) => r.cardKey && r.checklist);
const itemOf = (r: Reply | undefined, code: string) => r?.checklist?.themes.flatMap((t) => t.items).find((i) => i.code === code);
const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

let app: TestApp;
beforeAll(async () => {
  app = await testApp('pglite');
}, 120_000);
afterAll(async () => {
  await app?.cleanup();
});

const NAMES: Record<string, string> = { anna: 'Anna', bob: 'Bob', carla: 'Carla' };
const send = (channel: string, user: string, text: string, extra: Partial<IncomingMessage> = {}) =>
  app.bot.handle({ platform: 'cli', workspace: 'w', channel, user: { id: user, name: NAMES[user] ?? user }, text, ...extra });
const act = (channel: string, user: string, action: string, value: string, extra: Partial<IncomingAction> = {}) =>
  app.bot.handleAction({
    platform: 'cli',
    workspace: 'w',
    channel,
    user: { id: user, name: NAMES[user] ?? user },
    action,
    value,
    ...extra,
  });

/** Starts step 1 in a channel and reports the card's thread, as an adapter does. */
async function startStep1(ch: string, thread = `${ch}-card`) {
  await send(ch, 'anna', 'organisatie Gemeente Utrecht gemeente');
  const started = await send(ch, 'anna', 'start inventariseren');
  const card = cardOf(started)!;
  await app.bot.cardPosted(`cli:w:${ch}`, card.cardKey!, { id: thread }, thread);
  return { card, thread };
}

describe('1. answers outside the thread', () => {
  it('records an item code of the only open round typed in the main channel, confirms with the step, updates the card', async () => {
    const { card } = await startStep1('out');
    const r = await send('out', 'anna', 'W3: Skaeve Huse en kamertraining (wmo-monitor 2024)', { messageId: 'm1' });
    expect(r[0].text).toBe('Genoteerd bij W3 van Stap 1: inventariseren — Anna (Gemeente Utrecht).');
    expect(r[0].citations).toBeUndefined();
    const updated = cardOf(r)!;
    expect(updated.cardKey).toBe(card.cardKey);
    expect(itemOf(updated, 'W3')!.answers[0].text).toBe('Skaeve Huse en kamertraining (wmo-monitor 2024)');
  });

  it('without an open round the same line is answered as before (a hint to start the step), not stored', async () => {
    const r = await send('no-round', 'anna', 'W3: Skaeve Huse');
    expect(r[0].text).toContain('geen open ronde');
    expect(cardOf(r)).toBeUndefined();
  });
});

describe('2. small variations', () => {
  it('records "W3 …", "W3 - …" and "w3: …" in the step thread', async () => {
    const { thread } = await startStep1('vars');
    await send('vars', 'bob', 'W3 Skaeve Huse in Zeist', { thread, messageId: 'v1' });
    await send('vars', 'bob', 'W3 - kamertraining', { thread, messageId: 'v2' });
    const last = await send('vars', 'bob', 'w3: begeleid wonen', { thread, messageId: 'v3' });
    expect(itemOf(cardOf(last), 'W3')!.answers.map((a) => a.text)).toEqual(['Skaeve Huse in Zeist', 'kamertraining', 'begeleid wonen']);
  });

  it('asks "Bij welke vraag hoort dit?" with the open items as buttons for a message without a code, and files it on a press', async () => {
    const { thread } = await startStep1('which');
    await send('which', 'anna', 'D1: jongeren uit de jeugdzorg', { thread, messageId: 'w0' });
    const r = await send('which', 'bob', 'Ongeveer veertig jongeren per jaar', { thread, messageId: 'w1' });
    expect(r).toHaveLength(1);
    expect(r[0].text).toContain('Bij welke vraag hoort dit?');
    expect(r[0].text).toContain('`D2: Ongeveer veertig jongeren per jaar`');
    expect(r[0].citations).toBeUndefined();
    const buttons = r[0].buttons!;
    expect(buttons.map((b) => b.label.split(' ')[0])).not.toContain('D1'); // answered already
    expect(buttons[0]).toMatchObject({ action: 'step.assign' });
    const d2 = buttons.find((b) => b.label.startsWith('D2'))!;
    // Only the author may file it.
    expect((await act('which', 'carla', d2.action, d2.value))[0].text).toContain('al bij een vraag genoteerd');
    const filed = await act('which', 'bob', d2.action, d2.value);
    expect(filed[0].text).toContain('Genoteerd bij D2');
    expect(itemOf(cardOf(filed), 'D2')!.answers[0].text).toBe('Ongeveer veertig jongeren per jaar');
    // A second press does not file it twice.
    expect((await act('which', 'bob', d2.action, d2.value))[0].text).toContain('al bij een vraag genoteerd');
    // The filed answer follows its message: deleting the message withdraws it.
    const deleted = await send('which', 'bob', '', { thread, messageId: 'w1', kind: 'delete' });
    expect(itemOf(cardOf(deleted), 'D2')!.answers).toHaveLength(0);
  });

  it('a question in the step thread is still answered from the documents', async () => {
    const { thread } = await startStep1('q');
    const r = await send('q', 'bob', 'Wat is een omklapwoning?', { thread });
    expect(r[0].answerId).toBeTruthy();
  });
});

describe('3. corrections by command', () => {
  it('"D2 wijzigen: …" replaces and "D2 intrekken" withdraws only the member\'s own latest answer', async () => {
    const { thread } = await startStep1('corr');
    await send('corr', 'anna', 'D2: 45 jongeren (GGD-monitor 2024)', { thread, messageId: 'c1' });
    await send('corr', 'bob', 'D2: 12 jongeren met ggz-problematiek', { thread, messageId: 'c2' });
    const changed = await send('corr', 'anna', 'D2 wijzigen: 48 jongeren (GGD-monitor 2024)', { thread });
    expect(changed[0].text).toContain('Antwoord bij D2 bijgewerkt');
    expect(itemOf(cardOf(changed), 'D2')!.answers.map((a) => a.text)).toEqual([
      '48 jongeren (GGD-monitor 2024)',
      '12 jongeren met ggz-problematiek',
    ]);
    // "D2: correctie: …" corrects too, it is not a second answer.
    const corrected = await send('corr', 'anna', 'D2: correctie: 50 jongeren (GGD-monitor 2024)', { thread });
    expect(itemOf(cardOf(corrected), 'D2')!.answers.map((a) => a.text)).toEqual([
      '50 jongeren (GGD-monitor 2024)',
      '12 jongeren met ggz-problematiek',
    ]);
    const withdrawn = await send('corr', 'anna', 'D2 intrekken', { thread });
    expect(withdrawn[0].text).toContain('Antwoord bij D2 ingetrokken');
    expect(itemOf(cardOf(withdrawn), 'D2')!.answers.map((a) => a.text)).toEqual(['12 jongeren met ggz-problematiek']);
    expect((await send('corr', 'anna', 'D2 intrekken', { thread }))[0].text).toContain('nog geen antwoord gegeven');
  });

  it('the card says how to correct', async () => {
    const { card } = await startStep1('hint');
    expect(card.text).toContain('bewerk of verwijder je bericht, of typ `D2 wijzigen: …`');
  });
});

describe('4. did you mean', () => {
  it('suggests the command for a word within two edits, with a button that runs it', async () => {
    await startStep1('dym');
    const r = await send('dym', 'anna', 'voortgnag');
    expect(r).toHaveLength(1);
    expect(r[0].text).toBe('Bedoel je `voortgang`?');
    expect(r[0].answerId).toBeUndefined();
    const [button] = r[0].buttons!;
    const pressed = await act('dym', 'anna', button.action, button.value);
    expect(pressed[0].text).toContain('Voortgang van de stappen');
    expect((await send('dym', 'anna', 'strat inventariseren'))[0].text).toBe('Bedoel je `start inventariseren`?');
    expect((await send('dym', 'anna', 'begirp doorstroom'))[0].text).toBe('Bedoel je `begrip doorstroom`?');
  });

  it('an unknown one-word command at the top level gets the help; a thread follow-up or a question does not', async () => {
    const r = await send('unknown', 'anna', 'werktafel flibber');
    expect(r[0].text).toContain('Ik ken het commando `flibber` niet');
    expect(r[0].text).toContain('`voortgang`');
    expect(r[0].answerId).toBeUndefined();
    expect((await send('unknown', 'anna', 'Wat is een omklapwoning?'))[0].answerId).toBeTruthy();
  });

  it('leaves questions and ordinary words alone', () => {
    const known = ['voortgang', 'start', 'begrip', 'besluit', 'stap', 'term', 'help'];
    expect(editDistance('strat', 'start')).toBe(1);
    expect(suggestCommand('Wat is doorstroom?', known)).toBeNull();
    expect(suggestCommand('doorstroom', known)).toBeNull();
    expect(suggestCommand('Team Utrecht heeft al veel woningen voor jongeren in de wijk gerealiseerd', known)).toBeNull();
    expect(suggestCommand('begrippen', known)).toBeNull(); // three edits from begrip
  });
});

describe('5. organisation kinds in Dutch', () => {
  it('stores "Tactus Jeugd" with kind zorg for "zorgaanbieder"', async () => {
    const r = await send('kinds', 'carla', 'organisatie Tactus Jeugd zorgaanbieder');
    expect(r[0].text).toBe('Genoteerd: je vertegenwoordigt *Tactus Jeugd* (zorg) in deze werkgroep.');
    const { rows } = await app.db.query('SELECT organisation, org_kind FROM members WHERE group_id = $1 AND user_id = $2', [
      'cli:w:kinds',
      'carla',
    ]);
    expect(rows[0]).toEqual({ organisation: 'Tactus Jeugd', org_kind: 'zorg' });
  });

  it('understands the words people use, from knowledge/organisations/kinds.json', () => {
    expect(splitOrganisation('Mitros woningcorporatie')).toEqual({ name: 'Mitros', kind: 'corporatie' });
    expect(splitOrganisation('Portaal corporatie')).toEqual({ name: 'Portaal', kind: 'corporatie' });
    expect(splitOrganisation('Lister zorginstelling')).toEqual({ name: 'Lister', kind: 'zorg' });
    expect(splitOrganisation('Incluzio welzijnsorganisatie')).toEqual({ name: 'Incluzio', kind: 'welzijn' });
    expect(splitOrganisation('Humanitas maatschappelijk werk')).toEqual({ name: 'Humanitas', kind: 'welzijn' });
    expect(splitOrganisation('Syntrus Achmea belegger')).toEqual({ name: 'Syntrus Achmea', kind: 'ontwikkelaar' });
    expect(splitOrganisation('Jongerenpanel Utrecht ervaringsdeskundige')).toEqual({ name: 'Jongerenpanel Utrecht', kind: 'jongeren' });
    expect(splitOrganisation('Gemeente Zeist gemeente')).toEqual({ name: 'Gemeente Zeist', kind: 'gemeente' });
    expect(splitOrganisation('Gemeente Zeist')).toEqual({ name: 'Gemeente Zeist', kind: null });
  });
});

describe('6. language', () => {
  it('a Dutch group stays Dutch on an English command word; an English question gets English', async () => {
    await send('lang', 'anna', 'Wat is een omklapwoning?');
    await send('lang', 'anna', 'begrip doorstroom = De beweging naar een zelfstandige woning.');
    const term = await send('lang', 'bob', 'term doorstroom');
    expect(term[0].language).toBe('nl');
    expect(term[0].text).toContain('doorstroom');
    const q = await send('lang', 'bob', 'What is a omklapwoning and how does it work?');
    expect(q[0].language).toBe('en');
    // One English question does not turn the group English.
    expect((await send('lang', 'carla', 'progress'))[0].language).toBe('nl');
  });

  it('a group that works in English keeps English for neutral lines', async () => {
    await send('lang-en', 'anna', 'What does the handbook say about the first step?');
    await send('lang-en', 'anna', 'How do we involve young people in the working group?');
    expect((await send('lang-en', 'bob', 'voortgang'))[0].language).toBe('en');
  });
});

describe('7. decisions that can be revised', () => {
  it('"besluit 1 herzien: …" changes the text and keeps the old text and reason in the history and exports', async () => {
    const ch = 'revise';
    await send(ch, 'anna', 'besluit We reserveren 20 woningen per jaar voor jongeren');
    const ask = await send(ch, 'anna', 'besluit 1 herzien');
    expect(ask[0].text).toContain('Hoe luidt besluit #1 nu?');
    expect(ask[0].text).toContain('vervangt');
    const revised = await send(ch, 'anna', 'besluit 1 herzien: We reserveren 25 woningen per jaar voor jongeren reden: nieuwe cijfers GGD');
    expect(revised[0].text).toContain('Besluit #1 is herzien en luidt nu: „We reserveren 25 woningen per jaar voor jongeren”');
    const detail = (await send(ch, 'bob', 'besluit 1'))[0].text;
    expect(detail).toContain('*#1* We reserveren 25 woningen per jaar voor jongeren');
    expect(detail).toMatch(/herzien \(Anna\): nieuwe cijfers GGD · was: „We reserveren 20 woningen per jaar voor jongeren”/);
    // Only the author or a project leader, and the refusal names the project leaders.
    await send(ch, 'anna', 'rol projectleider @anna');
    const refused = await send(ch, 'bob', 'besluit 1 herzien: iets anders');
    expect(refused[0].text).toContain('Projectleiders: Anna');
    const [md, csv] = (await send(ch, 'anna', 'export besluiten')).map((r) => r.file!);
    expect(md.content).toContain('nieuwe cijfers GGD');
    expect(md.content).toContain('was: „We reserveren 20 woningen per jaar voor jongeren”');
    const row = csv.content.split('\r\n')[1];
    expect(row).toMatch(/^1;We reserveren 25 woningen per jaar voor jongeren;herzien;/);
    expect(row).toContain(';nieuwe cijfers GGD;');
  });
});

describe('8. honest figures', () => {
  it('reads ages, figures with their years and units', () => {
    expect(parseFacts('jeugdzorg (18+)').quantities).toEqual([]);
    expect(parseFacts('van 58 (2023) naar 65 (2025) plekken (Wmo-monitor)').quantities).toEqual([
      { value: 58, unit: 'plekken', raw: '58', year: 2023 },
      { value: 65, unit: 'plekken', raw: '65', year: 2025 },
    ]);
    expect(parseFacts('40 onzelfstandige').quantities[0]).toMatchObject({ value: 40, unit: 'onzelfstandige' });
    expect(parseFacts('40 onzelfstandige wooneenheden').quantities[0]).toMatchObject({ value: 40, unit: 'onzelfstandige wooneenheden' });
  });

  it('the step-2 card shows figures per source and organisation and a trend only within one measure', async () => {
    const ch = 'figures';
    const { thread } = await startStep1(ch);
    await send(ch, 'bob', 'organisatie Mitros corporatie');
    await send(ch, 'bob', 'W2: van 58 (2023) naar 65 (2025) plekken (bron: Wmo-monitor)', { thread });
    await send(ch, 'anna', 'W2: 40 onzelfstandige wooneenheden (bron: Woonmonitor 2024)', { thread });
    await send(ch, 'anna', 'D2: 120 jongeren in de jeugdzorg (18+) (bron: CBS 2023)', { thread });
    const card = cardOf(await send(ch, 'anna', 'start analyseren'))!;
    expect(card.text).toContain(
      'W2 — 2023–2025: 58 → 65 plekken (+7) (Wmo-monitor · Mitros); 2024: 40 onzelfstandige wooneenheden (Woonmonitor 2024 · Gemeente Utrecht)',
    );
    expect(card.text).toContain('D2 — 2023: 120 jongeren (CBS 2023 · Gemeente Utrecht)');
    expect(card.text).not.toMatch(/\b18 \(|: 18\b/);
  });
});

describe('9. exports for Dutch offices', () => {
  it('glossary, decisions and steps as CSV with BOM, semicolons, Dutch headers, Amsterdam time and formula-safe cells', async () => {
    const ch = 'csv';
    const { thread } = await startStep1(ch);
    await send(ch, 'anna', 'begrip doorstroom = De beweging naar een zelfstandige woning; "volgende stap"');
    await send(ch, 'anna', 'besluit =HYPERLINK("https://evil.example","klik")');
    await send(ch, 'anna', 'D2: @SUM(1+1) jongeren', { thread });
    const glossary = (await send(ch, 'anna', 'export begrippen'))[0].file!;
    expect(glossary.mime).toBe('text/csv');
    expect(glossary.name).toMatch(/^begrippen-\d{4}-\d{2}-\d{2}\.csv$/);
    const gl = glossary.content.split('\r\n');
    expect(gl[0]).toBe(
      '\uFEFFBegrip;Versie;Status;Definitie;Domein;Synoniemen;Voorgesteld door;Organisatie;Datum;Vastgesteld door;Vastgesteld op',
    );
    expect(gl[1]).toMatch(
      /^doorstroom;1;voorstel;"De beweging naar een zelfstandige woning; ""volgende stap""";;;Anna;Gemeente Utrecht;\d{4}-\d{2}-\d{2} \d{2}:\d{2};;$/,
    );
    // Amsterdam local time, not UTC.
    const { rows } = await app.db.query<{ local: string }>(
      `SELECT to_char(v.created_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI') AS local FROM glossary_versions v JOIN glossary_terms t ON t.id = v.term_id WHERE t.group_id = 'cli:w:csv'`,
    );
    expect(gl[1]).toContain(rows[0].local);

    const decisions = (await send(ch, 'anna', 'export besluiten'))[1].file!;
    expect(decisions.content.split('\r\n')[1]).toMatch(/^1;"'=HYPERLINK\(""https:\/\/evil.example"",""klik""\)";genomen;/);
    const steps = await send(ch, 'anna', 'export stap 1 csv');
    expect(steps[0].file!.content).toContain(";D2;Wat is de omvang van deze categorieën?;'@SUM(1+1) jongeren;Anna;");
  });

  it('prefixes every cell a spreadsheet would run (=, +, -, @, tab, CR)', () => {
    for (const s of ['=1+1', '+31 6 1234', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(s)).toBe(`'${s}`);
    expect(safeCell('45 jongeren')).toBe('45 jongeren');
  });

  it('the Markdown report cites sources as people read them; concept without a model shows the answers it builds on', async () => {
    const ch = 'md';
    const { thread } = await startStep1(ch);
    await send(ch, 'anna', 'D2: 45 jongeren (GGD-monitor 2024)', { thread });
    const md = (await send(ch, 'anna', 'export stap 1'))[0].file!.content;
    expect(md).toContain(
      '(Handreiking Samenwerken aan woonzorgvoorzieningen voor jongeren in een kwetsbare positie (2022), §5.1 Stap 1: inventariseren, p. 43)',
    );
    expect(md).not.toMatch(/regels \d/);
    await send(ch, 'anna', 'start analyseren');
    const draft = await send(ch, 'anna', 'concept A-D2');
    expect(draft[0].text).toContain('geen taalmodel');
    expect(draft[0].text).toContain('[1] D2: „45 jongeren (GGD-monitor 2024)” — Anna');
  });
});

describe('10. refusals name who can', () => {
  it('every "only a project leader" reply names the project leaders', async () => {
    const ch = 'refuse';
    await startStep1(ch);
    await send(ch, 'anna', 'begrip doorstroom = De beweging naar een zelfstandige woning.');
    const replies = [
      await send(ch, 'bob', 'start analyseren'),
      await send(ch, 'bob', 'stap 1 afronden'),
      await send(ch, 'bob', 'begrip doorstroom vaststellen'),
      await send(ch, 'bob', 'rol projectleider @bob'),
    ];
    await send(ch, 'anna', 'besluit We starten in mei');
    replies.push(await send(ch, 'bob', 'besluit 1 intrekken'));
    for (const r of replies) expect(texts(r)).toContain('Projectleiders: Anna (Gemeente Utrecht).');
  });
});
