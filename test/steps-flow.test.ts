import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, Reply } from '../src/core/types.js';
import { sourceLabel } from '../src/core/source-label.js';
import { draftAnalysis } from '../src/steps/draft.js';
import { stepCatalog } from '../src/steps/definitions.js';
import { getRun } from '../src/steps/store.js';
import { backends } from './helpers/db.js';
import { testAppForSuite } from './helpers/app.js';
import { chatCompletion } from './helpers/chat-completion.js';
import { cliMsg } from './helpers/cli-message.js';

// Step checklists through the whole core: start, answers from several organisations, edits,
// withdrawals, progress, export, step 2 on top of step 1 — on PGlite and (with DATABASE_URL) Postgres.

const cardOf = (replies: Reply[]) => replies.find((r) => r.cardKey && r.checklist);
const itemOf = (r: Reply | undefined, code: string) => r?.checklist?.themes.flatMap((t) => t.items).find((i) => i.code === code);

describe.each(backends)('step checklists on %s', (kind) => {
  const suite = testAppForSuite(kind);
  afterAll(() => {
    nock.cleanAll();
  });

  const send = (channel: string, user: string, text: string, extra: Partial<IncomingMessage> = {}) =>
    suite.app.bot.handle(cliMsg(channel, user, text, extra));
  const act = (channel: string, user: string, action: string, value: string, inputs?: Record<string, string>) =>
    suite.app.bot.handleAction({ platform: 'cli', workspace: 'w', channel, user: { id: user, name: user }, action, value, inputs });
  /** What an adapter does after posting a card: report the card's message id as its thread. */
  async function post(channel: string, replies: Reply[], thread: string) {
    const card = cardOf(replies)!;
    await suite.app.bot.cardPosted(`cli:w:${channel}`, card.cardKey!, { id: thread }, thread);
    return card;
  }

  it('runs step 1 from start to export with three organisations', async () => {
    const ch = 'full';
    await send(ch, 'anna', 'werktafel organisatie Gemeente Utrecht gemeente');
    await send(ch, 'bob', 'werktafel organisatie Mitros corporatie');
    await send(ch, 'carla', 'werktafel organisatie Lister zorg');

    const started = await send(ch, 'anna', 'werktafel start inventariseren');
    const card = cardOf(started)!;
    expect(card.placement).toBe('channel');
    expect(card.cardKey).toMatch(/^step:/);
    expect(card.checklist!.themes.map((t) => t.items.length)).toEqual([4, 4, 5]);
    expect(card.checklist!.progress).toContain('0 van 13');
    expect(card.buttons!.some((b) => b.action === 'step.help' && b.value.endsWith(':D2:nl'))).toBe(true);
    await post(ch, started, 'card-1');

    // Someone else cannot start a step: anna became the project leader.
    const refused = await send(ch, 'bob', 'werktafel start analyseren');
    expect(refused[0].text).toContain('projectleider');
    expect(refused[0].text).toContain('Anna');
    // Starting again points to the open run, with the same card.
    const again = await send(ch, 'anna', 'werktafel start stap 1');
    expect(again[0].text).toContain('loopt al');
    expect(cardOf(again)!.cardKey).toBe(card.cardKey);

    const r1 = await send(ch, 'anna', 'D2: 45 jongeren tussen 18 en 23, bron: GGD-monitor 2024', { thread: 'card-1', messageId: 'm1' });
    expect(r1[0].text).toContain('D2');
    expect(r1[0].text).toContain('Gemeente Utrecht');
    const updated = cardOf(r1)!;
    expect(updated.cardKey).toBe(card.cardKey);
    expect(updated.placement).toBeUndefined();
    expect(itemOf(updated, 'D2')!.answers[0]).toMatchObject({ member: 'Anna', organisation: 'Gemeente Utrecht (gemeente)' });

    await send(ch, 'bob', 'W2: 120 plekken in 2023 (bron: Woonzorgmonitor Mitros)', { thread: 'card-1', messageId: 'm2' });
    await send(
      ch,
      'carla',
      'd2: 12 jongeren met ggz-problematiek; bron: Lister jaarverslag 2023\nD4: begeleiding bij geldzaken en een eigen plek',
      { thread: 'card-1', messageId: 'm3' },
    );
    const r4 = await send(ch, 'bob', 'R2 - het oude raadhuis aan de Markt', { thread: 'card-1', messageId: 'm4' });
    const c4 = cardOf(r4)!;
    expect(itemOf(c4, 'D2')!.answers).toHaveLength(2);
    expect(c4.checklist!.progress).toContain('4 van 13');
    expect(c4.checklist!.contributors).toEqual(
      expect.arrayContaining(['Gemeente Utrecht (gemeente)', 'Mitros (corporatie)', 'Lister (zorg)']),
    );
    expect(c4.text).toContain('gemeente, corporatie, zorg');

    // Edit: new version, same answer; delete: withdrawn.
    const edited = await send(ch, 'anna', 'D2: 48 jongeren tussen 18 en 23, bron: GGD-monitor 2024', {
      thread: 'card-1',
      messageId: 'm1',
      kind: 'edit',
    });
    expect(edited[0].text).toContain('bijgewerkt');
    expect(itemOf(cardOf(edited), 'D2')!.answers.map((a) => a.text)).toContain('48 jongeren tussen 18 en 23, bron: GGD-monitor 2024');
    expect(itemOf(cardOf(edited), 'D2')!.answers).toHaveLength(2);
    const deleted = await send(ch, 'bob', '', { thread: 'card-1', messageId: 'm4', kind: 'delete' });
    expect(deleted[0].text).toContain('ingetrokken');
    expect(itemOf(cardOf(deleted), 'R2')!.answers).toHaveLength(0);
    // Someone else's edit event does not change anna's answer.
    expect(await send(ch, 'bob', 'D2: gekaapt', { thread: 'card-1', messageId: 'm1', kind: 'edit' })).toEqual([]);

    // Input checks, in the user's language.
    expect((await send(ch, 'anna', 'D9: iets', { thread: 'card-1' }))[0].text).toMatch(/D9 bestaat niet/);
    expect((await send(ch, 'anna', 'A-D1: iets', { thread: 'card-1' }))[0].text).toMatch(/start analyseren/);
    expect((await send(ch, 'anna', 'D3:', { thread: 'card-1' }))[0].text).toContain('D3');

    // Card button with inputs answers without typing a code.
    const viaButton = await act(ch, 'carla', 'step.answer', `${card.cardKey!.slice(5)}:R4:nl`, {
      answer: 'Initiatief Thuis in de Wijk (2024)',
    });
    expect(itemOf(cardOf(viaButton), 'R4')!.answers[0]).toMatchObject({ organisation: 'Lister (zorg)' });

    // A question in the step thread is answered from the documents.
    const q = await send(ch, 'bob', 'Wat is een omklapwoning?', { thread: 'card-1' });
    expect(q[0].answerId).toBeTruthy();

    const progress = await send(ch, 'bob', 'werktafel voortgang');
    expect(progress[0].text).toContain('Stap 1: inventariseren');
    expect(progress[0].text).toContain('4 van 13');
    expect(progress[0].text).toContain('Nog niet gestart');
    // A Dutch group stays Dutch on an English command word (issue 11.6); English words after it make it English.
    expect((await send(ch, 'bob', 'werktafel progress'))[0].language).toBe('nl');
    const en = await send(ch, 'bob', 'werktafel progress of the steps');
    expect(en[0].language).toBe('en');
    expect(en[0].text).toContain('4 of 13');

    const exported = await send(ch, 'anna', 'werktafel export stap 1');
    const file = exported[0].file!;
    expect(file.mime).toBe('text/markdown');
    expect(file.name).toMatch(/^werktafel-stap-1-inventariseren-\d{4}-\d{2}-\d{2}\.md$/);
    for (const s of [
      'Wat is de omvang van deze categorieën?',
      '48 jongeren tussen 18 en 23, bron: GGD-monitor 2024 — Anna (Gemeente Utrecht, gemeente)',
      'bron: GGD-monitor 2024',
      'cijfers: 48 jongeren',
      'Lister (zorg)',
      'Open vragen',
      '- W1 — Welke typen woonzorgvoorzieningen zijn er in de gemeente?',
      // Sources as people read them (issue 11.9): title, section and page, no catalog id or line numbers.
      'Handreiking Samenwerken aan woonzorgvoorzieningen voor jongeren in een kwetsbare positie (2022), §5.1 Stap 1: inventariseren, p. 4',
    ]) {
      expect(file.content).toContain(s);
    }
    expect(file.content).not.toMatch(/regels \d+|vng-handreiking-woonzorg-jongeren-2022/);
    // The answers also come as a CSV for Excel: BOM, semicolons, Dutch headers.
    const csv = (await send(ch, 'anna', 'werktafel export stap 1 csv'))[0].file!;
    expect(csv.name).toMatch(/^werktafel-stap-1-inventariseren-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.content.startsWith('\uFEFFStap;Code;Vraag;Antwoord;Naam;Organisatie;')).toBe(true);
    expect(csv.content).toContain(
      ';D2;Wat is de omvang van deze categorieën?;48 jongeren tussen 18 en 23, bron: GGD-monitor 2024;Anna;Gemeente Utrecht;gemeente;GGD-monitor 2024;48 jongeren;2024;',
    );
    expect(file.content).toMatch(/^- 48 jongeren tussen 18 en 23, bron: GGD-monitor 2024 — .*· bewerkt$/m); // anna's edit, kept as a version
    expect(file.content).not.toContain('het oude raadhuis');
    // The default export (no keyword) covers the same run.
    expect((await send(ch, 'anna', 'werktafel export'))[0].file!.content).toContain('48 jongeren');
  });

  it('builds step 2 on step 1: answers by year, empty items, grounded help and an LLM draft', async () => {
    const ch = 'analysis';
    await send(ch, 'dirk', 'werktafel organisatie Gemeente Zeist gemeente');
    const s1 = await send(ch, 'dirk', 'werktafel start inventory');
    expect(s1[0].language).toBe('en');
    await post(ch, s1, 'c1');
    await send(ch, 'dirk', 'D2: in 2023 waren het 40 jongeren (bron: CBS)', { thread: 'c1', messageId: 'a1' });
    await send(ch, 'dirk', 'D2: 45 jongeren, bron: GGD-monitor 2024', { thread: 'c1', messageId: 'a2' });
    const s2 = await send(ch, 'dirk', 'werktafel start analyseren');
    const card = cardOf(s2)!;
    expect(card.checklist!.themes.map((t) => t.items.length)).toEqual([3, 3, 2]);
    // Per source and organisation; CBS and the GGD-monitor are different measures, so no trend between them.
    expect(card.text).toMatch(
      /A-D2 ← .*D2 — 2023: 40 jongeren \(CBS · Gemeente Zeist\); 2024: 45 jongeren \(GGD-monitor 2024 · Gemeente Zeist\)/,
    );
    expect(card.text).not.toContain('40 → 45');
    expect(card.text).toMatch(/A-D2 ← .*nog leeg: D1, D4/);
    expect(card.text).toContain('Nog niet beantwoord in Stap 1: inventariseren: D1, D3, D4');

    // An analysis answer in any thread of the group: A-D2 belongs to exactly one open run.
    const r = await send(ch, 'dirk', 'A-D2: groei van 12,5% in een jaar', { thread: 'elsewhere', messageId: 'a3' });
    expect(itemOf(cardOf(r), 'A-D2')!.answers).toHaveLength(1);

    // Grounded help: passages with citations, not the figure that holds the question.
    const help = await send(ch, 'dirk', 'D2?', { thread: 'c1' });
    expect(help[0].citations!.length).toBeGreaterThan(0);
    expect(help[0].citations!.length).toBeLessThanOrEqual(3);
    expect(help[0].text).toContain('Wat is de omvang van deze categorieën?');
    // Places as people read them (issue 21): the question's figure, section and page, each passage's source label; no line numbers.
    expect(help[0].text).toContain(
      '_Vraag uit Figuur 13: thematische clustering van te inventariseren informatie, Handreiking Samenwerken aan woonzorgvoorzieningen voor jongeren in een kwetsbare positie (2022), §5.1 Stap 1: inventariseren, p. 43_',
    );
    expect(help[0].text).not.toMatch(/regels|lines? \d/);
    for (const c of help[0].citations!) expect(help[0].text).toContain(`[${c.n}] ${sourceLabel(c)}: “`);
    expect(
      help[0].citations!.every(
        (c) => !(c.document === 'vng-handreiking-woonzorg-jongeren-2022' && c.lines[0] <= 1652 && c.lines[1] >= 1607),
      ),
    ).toBe(true);
    const help2 = await send(ch, 'dirk', 'werktafel help A-D2', { thread: 'c1' });
    expect(help2[0].text).toContain('Op welke wijze is de omvang');
    const helpButton = await act(ch, 'dirk', 'step.help', `${card.cardKey!.slice(5)}:A-W2:en`);
    expect(helpButton[0].language).toBe('en');
    expect(helpButton[0].text).toContain('How has the supply');

    // Draft without an LLM: the basis; with an LLM (nock'd OpenAI-compatible server): a cited draft.
    expect((await send(ch, 'dirk', 'concept A-D2', { thread: 'c1' }))[0].text).toContain('geen taalmodel');
    const scope = nock('http://llm.test')
      .post('/v1/chat/completions', (body) => {
        const prompt = (body.messages as { content: string }[]).map((m) => m.content).join('\n');
        return (
          prompt.includes('[1] D2') &&
          prompt.includes('40 jongeren') &&
          prompt.includes('45 jongeren') &&
          prompt.includes('voorgaande jaren')
        );
      })
      .reply(200, chatCompletion('De doelgroep groeide van 40 [1] naar 45 jongeren [2].'));
    const llmServices = {
      ...suite.app.services,
      config: { ...suite.app.services.config, llm: { apiKey: 'k', baseURL: 'http://llm.test/v1', model: 'test', timeoutMs: 5000 } },
    };
    const run = (await getRun(suite.app.db, 'cli:w:analysis', card.cardKey!.slice(5)))!;
    const step2 = stepCatalog().find('analyseren')!.step;
    const draft = await draftAnalysis(
      llmServices,
      run,
      step2,
      step2.items.find((i) => i.code === 'A-D2')!,
      'nl',
    );
    expect(scope.isDone()).toBe(true);
    expect(draft[0].aiGenerated).toBe(true);
    expect(draft[0].text).toContain('groeide van 40 [1]');
    expect(draft[0].text).toMatch(/\[1\] D2 — Dirk, Gemeente Zeist \(gemeente\), \d{4}-\d{2}-\d{2}, CBS/);
  });

  it('keeps working groups apart', async () => {
    const a = await send('iso-a', 'eva', 'werktafel start inventariseren');
    await post('iso-a', a, 'iso-card');
    await send('iso-a', 'eva', 'D1: zwerfjongeren', { thread: 'iso-card', messageId: 'x1' });
    // Another channel has no run: the same code, even in a thread with the same id, is not taken.
    const b = await send('iso-b', 'frank', 'D1: jongeren uit de jeugdzorg', { thread: 'iso-card', messageId: 'x1' });
    expect(b[0].text).toContain('geen open ronde');
    expect((await send('iso-b', 'frank', 'werktafel voortgang'))[0].text).toContain('nog geen stap');
    expect((await send('iso-b', 'frank', 'werktafel export'))[0].file).toBeUndefined();
    // A card button of group A pressed in group B does nothing there.
    const runId = cardOf(a)!.cardKey!.slice(5);
    expect((await act('iso-b', 'frank', 'step.answer', `${runId}:D1:nl`, { answer: 'inbraak' }))[0].text).toContain('ken ik');
    // Deleting a message with the same id in group B leaves group A's answer alone.
    expect(await send('iso-b', 'frank', '', { messageId: 'x1', kind: 'delete' })).toEqual([]);
    // frank is project leader of his own group, independent of eva.
    const startedB = await send('iso-b', 'frank', 'werktafel start inventariseren');
    expect(cardOf(startedB)!.cardKey).not.toBe(cardOf(a)!.cardKey);
    const stillA = await send('iso-a', 'eva', 'werktafel stap 1');
    expect(itemOf(cardOf(stillA), 'D1')!.answers.map((x) => x.text)).toEqual(['zwerfjongeren']);
    expect(itemOf(cardOf(await send('iso-b', 'frank', 'werktafel stap 1')), 'D1')!.answers).toEqual([]);
  });

  it("cites the group's own document in the step help, never in another group's", async () => {
    const title = 'Monitor woonzorg Eigen';
    const text = `# ${title}\n\n## Woonruimte\n\nIn de woonzorgvoorzieningen van onze gemeente is woonruimte aanwezig voor 85 jongeren: 60 plekken in de Hanzeboog en 25 in het Dijkhuis.\n`;
    const io = { download: async () => new TextEncoder().encode(text), post: async () => {} };
    const [added] = await suite.app.bot.handle(
      {
        platform: 'cli',
        workspace: 'w',
        channel: 'eigen-a',
        user: { id: 'ilse', name: 'Ilse' },
        text: 'document toevoegen',
        files: [{ name: 'monitor.md', size: text.length, ref: 'monitor' }],
      },
      { io },
    );
    expect(added.text).toContain(`**${title}** is toegevoegd`);
    const shared = (await suite.app.db.query<{ doc_id: string }>('SELECT doc_id FROM documents WHERE group_id IS NULL')).rows.map(
      (r) => r.doc_id,
    );
    expect(shared).toHaveLength(5);

    // In the group's step thread (W2: "Hoeveel woonruimte …?"), its own monitor is cited with the words a member reads.
    const started = await send('eigen-a', 'ilse', 'werktafel start inventariseren');
    const card = await post('eigen-a', started, 'eigen-card');
    const [help] = await send('eigen-a', 'ilse', 'W2?', { thread: 'eigen-card' });
    const cited = help.citations!.find((c) => c.title === title);
    expect(cited).toBeDefined();
    expect(help.text).toContain(`[${cited!.n}] `);
    expect(help.text).toContain('woonruimte aanwezig voor 85 jongeren');
    // The card's help button takes the same path.
    const [button] = await act('eigen-a', 'ilse', 'step.help', `${card.cardKey!.slice(5)}:W2:nl`);
    expect(button.citations!.some((c) => c.title === title)).toBe(true);
    expect(button.text).toContain('85 jongeren');

    // Another group asks the same help: only the shared documents, not a word of the monitor.
    const [elsewhere] = await send('eigen-b', 'jan', 'werktafel help W2');
    expect(elsewhere.text).toContain('Hoeveel woonruimte is er in de woonzorgvoorzieningen aanwezig?');
    expect(elsewhere.citations!.length).toBeGreaterThan(0);
    expect(elsewhere.citations!.every((c) => shared.includes(c.document))).toBe(true);
    expect(elsewhere.text).not.toContain('85 jongeren');
  });

  it('keeps every one of many concurrent answers to the same item', async () => {
    const ch = 'busy';
    const starts = await Promise.all(['gert', 'gert', 'gert'].map((u) => send(ch, u, 'werktafel start inventariseren')));
    const keys = new Set(starts.map((r) => cardOf(r)!.cardKey));
    expect(keys.size).toBe(1); // one open run per step, also when started at once
    await post(ch, starts[0], 'busy-card');
    const users = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];
    await Promise.all(
      users.map((u, i) => send(ch, u, `W2: ${10 + i} plekken (telling ${u})`, { thread: 'busy-card', messageId: `b${i}` })),
    );
    const card = cardOf(await send(ch, 'gert', 'werktafel stap inventariseren'))!;
    expect(
      itemOf(card, 'W2')!
        .answers.map((a) => a.text)
        .sort(),
    ).toEqual(users.map((u, i) => `${10 + i} plekken (telling ${u})`).sort());
    // Concurrent edits of different answers and a withdrawal at the same time.
    await Promise.all([
      send(ch, 'h1', 'W2: 11 plekken (herteld)', { thread: 'busy-card', messageId: 'b0', kind: 'edit' }),
      send(ch, 'h2', 'W2: 12 plekken (herteld)', { thread: 'busy-card', messageId: 'b1', kind: 'edit' }),
      send(ch, 'h3', '', { thread: 'busy-card', messageId: 'b2', kind: 'delete' }),
    ]);
    const after = cardOf(await send(ch, 'gert', 'werktafel stap 1'))!;
    expect(itemOf(after, 'W2')!.answers).toHaveLength(7);
    expect(itemOf(after, 'W2')!.answers.map((a) => a.text)).toEqual(
      expect.arrayContaining(['11 plekken (herteld)', '12 plekken (herteld)']),
    );
  });

  it('closes a step: no new answers, export still works', async () => {
    const ch = 'close';
    const s = await send(ch, 'ida', 'werktafel start stap 1');
    await post(ch, s, 'close-card');
    await send(ch, 'ida', 'D1: statushouders', { thread: 'close-card', messageId: 'k1' });
    expect((await send(ch, 'jan', 'werktafel stap 1 afronden'))[0].text).toContain('projectleider');
    expect((await send(ch, 'ida', 'werktafel stap 1 afronden'))[0].text).toContain('afgerond');
    expect((await send(ch, 'ida', 'D2: 10', { thread: 'close-card' }))[0].text).toContain('afgerond');
    expect((await send(ch, 'ida', 'werktafel export inventariseren'))[0].file!.content).toContain('statushouders');
    // A question that starts with "stap" is still a question.
    expect((await send(ch, 'jan', 'Stap 3 van de handreiking, wat houdt die in?'))[0].answerId).toBeTruthy();
    expect((await send(ch, 'ida', 'werktafel start stap 9'))[0].text).toContain('Ik ken geen stap');
    // A new run may start after closing.
    expect(cardOf(await send(ch, 'ida', 'werktafel start stap 1'))!.placement).toBe('channel');
  });

  it('never loses thread input: marks, edits without a colon, a code outside the thread, sources and years (issue 21)', async () => {
    const ch = 'never-lost';
    const started = await send(ch, 'kees', 'werktafel start inventariseren');
    const card = await post(ch, started, 'nl-card');
    const runId = card.cardKey!.slice(5);
    const d = (replies: Reply[], code: string) => itemOf(cardOf(replies), code)!.answers.map((a) => a.text);

    // "D4." is D4, and the mark is not stored.
    expect(d(await send(ch, 'kees', 'D4. Jongeren zeggen zelf: een eigen voordeur', { thread: 'nl-card', messageId: 'n1' }), 'D4')).toEqual(
      ['Jongeren zeggen zelf: een eigen voordeur'],
    );
    // Chosen with the card's field and D4 typed in front: stored without it; the card's source field becomes the source.
    const viaCard = await act(ch, 'lot', 'step.answer', `${runId}:D4:nl`, {
      answer: 'D4. Rust en een vaste begeleider',
      source: 'Jongerenpanel',
    });
    expect(d(viaCard, 'D4')).toContain('Rust en een vaste begeleider\nbron: Jongerenpanel');
    // A line without a code, filed with the "which item" button, loses a typed mark too.
    const ask = await send(ch, 'lot', 'D4) Samen koken', { thread: 'nl-card', messageId: 'n2' });
    expect(d(ask, 'D4')).toContain('Samen koken');

    // A colon-less answer edited without a colon is updated, not withdrawn.
    await send(ch, 'kees', 'W3 Skaeve Huse in Zeist', { thread: 'nl-card', messageId: 'n3' });
    const edited = await send(ch, 'kees', 'W3 Skaeve Huse in Zeist en Utrecht', { thread: 'nl-card', messageId: 'n3', kind: 'edit' });
    expect(edited[0].text).toBe('Antwoord bij W3 bijgewerkt.');
    expect(d(edited, 'W3')).toEqual(['Skaeve Huse in Zeist en Utrecht']);
    // An edit that drops the code edits the message's one answer.
    expect(
      d(await send(ch, 'kees', 'Skaeve Huse in Zeist, Utrecht en Deventer', { thread: 'nl-card', messageId: 'n3', kind: 'edit' }), 'W3'),
    ).toEqual(['Skaeve Huse in Zeist, Utrecht en Deventer']);
    // A message with two answers edited down to one: the other stays.
    await send(ch, 'kees', 'D1: statushouders\nD3: twee groepen', { thread: 'nl-card', messageId: 'n4' });
    const one = await send(ch, 'kees', 'D1: statushouders en zwerfjongeren', { thread: 'nl-card', messageId: 'n4', kind: 'edit' });
    expect(one[0].text).not.toContain('ingetrokken');
    expect(d(one, 'D1')).toEqual(['statushouders en zwerfjongeren']);
    expect(d(one, 'D3')).toEqual(['twee groepen']);
    // Only "D3 intrekken" or an emptied message withdraws.
    expect((await send(ch, 'kees', 'D3 intrekken', { thread: 'nl-card', messageId: 'n4', kind: 'edit' }))[0].text).toContain(
      'Antwoord bij D3 ingetrokken',
    );
    const emptied = await send(ch, 'kees', '', { thread: 'nl-card', messageId: 'n3', kind: 'edit' });
    expect(emptied[0].text).toContain('Antwoord bij W3 ingetrokken');
    // Written again into the emptied message, it is an answer again; so is a code added to a message that gave none.
    const again = await send(ch, 'kees', 'W3 Skaeve Huse in Deventer', { thread: 'nl-card', messageId: 'n3', kind: 'edit' });
    expect(d(again, 'W3')).toEqual(['Skaeve Huse in Deventer']);
    await send(ch, 'kees', 'Wat bedoelen ze met een omklapwoning?', { thread: 'nl-card', messageId: 'n7' });
    expect(d(await send(ch, 'kees', 'W4: omklapwoningen bij Mitros', { thread: 'nl-card', messageId: 'n7', kind: 'edit' }), 'W4')).toEqual([
      'omklapwoningen bij Mitros',
    ]);

    // Outside the thread, "w3 …" is asked back, never answered as a question.
    const outside = await send(ch, 'kees', 'w3 gemengd wonen zoals bij Start me Up');
    expect(outside[0].answerId).toBeUndefined();
    expect(outside[0].text).toContain('Bedoel je je antwoord bij W3 van stap 1?');
    const [yes, no] = outside[0].buttons!;
    expect([yes.label, no.label]).toEqual(['Ja, opslaan bij W3', 'Nee']);
    expect((await act(ch, 'lot', yes.action, yes.value))[0].text).toContain('al bij een vraag genoteerd, of het is van iemand anders');
    const saved = await act(ch, 'kees', yes.action, yes.value);
    expect(saved[0].text).toContain('Genoteerd bij W3 van Stap 1: inventariseren');
    expect(d(saved, 'W3')).toEqual(['Skaeve Huse in Deventer', 'gemengd wonen zoals bij Start me Up']);
    const dropped = await send(ch, 'kees', 'w2 nog even uitzoeken');
    const nee = dropped[0].buttons!.find((b) => b.label === 'Nee')!;
    expect((await act(ch, 'kees', nee.action, nee.value))[0].text).toContain('Niet opgeslagen');
    expect(itemOf(cardOf(await send(ch, 'kees', 'werktafel stap 1')), 'W2')!.answers).toEqual([]);

    // Brackets are text: no source, no year from "(gemeente-eigendom, leeg sinds 2024)"; plural units stay.
    await send(ch, 'kees', "R2: 12 studio's in het oude raadhuis (gemeente-eigendom, leeg sinds 2024)", {
      thread: 'nl-card',
      messageId: 'n5',
    });
    await send(ch, 'kees', 'D2: 67 jongeren (2025) (bron: Jongerenmonitor 2023)', { thread: 'nl-card', messageId: 'n6' });
    const csv = (await send(ch, 'kees', 'werktafel export stap 1 csv'))[0].file!.content;
    expect(csv).toMatch(/;R2;[^;]*;12 studio's in het oude raadhuis \(gemeente-eigendom, leeg sinds 2024\);Kees;;;;12 studio's;;/);
    expect(csv).toMatch(
      /;D2;[^;]*;67 jongeren \(2025\) \(bron: Jongerenmonitor 2023\);Kees;;;Jongerenmonitor 2023;67 jongeren \(2025\);2025;/,
    );
    const md = (await send(ch, 'kees', 'werktafel export stap 1'))[0].file!.content;
    expect(md).toMatch(/cijfers: 67 jongeren \(2025\)$/m);
    expect(md).not.toContain('(2025) (2023)');
    expect(md).not.toMatch(/bron: gemeente-eigendom|cijfers: 12 studio[^']/);
  });
});
