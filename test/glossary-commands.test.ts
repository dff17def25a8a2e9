import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/core/feature.js';
import type { IncomingMessage } from '../src/core/types.js';
import { glossaryAnswerHooks } from '../src/glossary/feature.js';
import { loadSeeds } from '../src/glossary/seeds.js';
import { groupIdOf, touchMember } from '../src/groups/members.js';
import { type TestApp, testApp } from './helpers/app.js';
import { backends } from './helpers/db.js';

const DEF1 = 'De beweging van bewoners van een woonzorgvoorziening naar een zelfstandige woning.';
const DEF2 = 'Verhuizing naar een passende, zelfstandigere woonvorm.';

describe.each(backends)('glossary on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp(kind);
  });
  afterAll(async () => {
    await app?.cleanup();
  });

  const msg = (channel: string, user: string, text: string, workspace = 'w'): IncomingMessage => ({
    platform: 'cli',
    workspace,
    channel,
    user: { id: user, name: user[0].toUpperCase() + user.slice(1) },
    text,
  });
  const say = async (channel: string, user: string, text: string, workspace = 'w') => {
    const replies = await app.bot.handle(msg(channel, user, text, workspace));
    expect(replies).toHaveLength(1);
    return replies[0];
  };

  it('keeps every version with author, organisation and date, and lets a project leader agree', async () => {
    await say('versions', 'anna', 'organisatie Gemeente Utrecht gemeente');
    const first = await say(
      'versions',
      'anna',
      `werktafel begrip doorstroom = ${DEF1} [domein: sociaal] [synoniemen: doorstroming, through-flow]`,
    );
    expect(first.text).toContain('versie 1');
    // Anna is the group's first to need the role, so she becomes project leader.
    expect((await say('versions', 'anna', 'begrip doorstroom vaststellen')).text).toContain('vastgesteld');
    expect((await say('versions', 'bob', `begrip doorstroom = ${DEF2}`)).text).toContain('versie 2');
    expect((await say('versions', 'bob', 'begrip doorstroom vaststellen')).text).toContain('Alleen een projectleider');

    const shown = await say('versions', 'bob', 'begrip doorstroom');
    expect(shown.text).toContain('afspraak in deze werkgroep (vastgesteld, versie 1)');
    expect(shown.text).toContain(DEF1);
    expect(shown.text).toContain('Anna (Gemeente Utrecht)');
    expect(shown.text).toContain('Domein: sociaal');
    expect(shown.text).toContain('Synoniemen: doorstroming, through-flow');
    expect(shown.text).toMatch(/Nieuw voorstel \(versie 2\) van Bob op \d+ \w+ \d{4}: Verhuizing/);
    expect(shown.text).toContain('begrip doorstroom historie');
    // What the documents say, with citations.
    expect(shown.text).toContain('Wat de documenten zeggen over doorstroom');
    expect(shown.citations?.length).toBeGreaterThan(0);
    expect(shown.citations!.every((c) => c.file && c.lines[0] > 0)).toBe(true);

    const history = await say('versions', 'bob', 'begrip doorstroom historie');
    expect(history.text).toMatch(/\*v2\* \(voorstel\) — Bob, .*Verhuizing/);
    expect(history.text).toMatch(/\*v1\* \(vastgesteld\) — Anna \(Gemeente Utrecht\), .*vastgesteld door Anna/);
    // Synonyms and domain carry over to a version that does not repeat them.
    expect(history.text).toContain('_[sociaal · doorstroming, through-flow]_');

    await say('versions', 'anna', 'begrip doorstroom agree');
    // A Dutch group stays Dutch on the English command word (issue 11.6); an English request gets English.
    const agreed = await say('versions', 'anna', 'term doorstroom');
    expect(agreed.language).toBe('nl');
    expect(agreed.text).toContain('afspraak in deze werkgroep (vastgesteld, versie 2)');
    expect((await say('versions', 'anna', 'begrip doorstroom vaststellen')).text).toContain('was al vastgesteld');
  });

  it('loses no version when members edit at once', async () => {
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const replies = await Promise.all(users.map((u, i) => app.bot.handle(msg('race', u, `begrip regelkracht = Definitie ${i} van ${u}`))));
    for (const r of replies) expect(r[0].text).toMatch(/Genoteerd/);
    const history = (await say('race', 'u1', 'begrip regelkracht historie')).text;
    for (const [i, u] of users.entries()) expect(history).toContain(`Definitie ${i} van ${u}`);
    for (let v = 1; v <= users.length; v++) expect(history).toContain(`*v${v}*`);
    expect(history).toContain(`alle versies (${users.length})`);
    // one term with six versions, not six terms
    const list = (await say('race', 'u1', 'begrippen')).text;
    expect(list).toContain('*Begrippenkader van deze werkgroep* (1):');
    expect(list).toMatch(/^- \*regelkracht\* — voorstel, v6: Definitie \d van u\d$/m);
  });

  it('finds terms by inflection, plural, synonym and typo', async () => {
    await say('fuzzy', 'anna', `begrip doorstroom = ${DEF1} [synoniemen: through-flow]`);
    await say('fuzzy', 'anna', 'begrip woonzorgvoorziening = Een voorziening waar jongeren wonen en zorg krijgen.');
    const cases: [string, string][] = [
      ['doorstroming', 'doorstroom'],
      ['Doorstromen', 'doorstroom'],
      ['doorstoom', 'doorstroom'],
      ['through flow', 'doorstroom'],
      ['woonzorgvoorzieningen', 'woonzorgvoorziening'],
      ['woonzorgvoorzeningen', 'woonzorgvoorziening'],
    ];
    for (const [typed, term] of cases) {
      const r = await say('fuzzy', 'bob', `begrip ${typed}`);
      expect(r.text, typed).toMatch(new RegExp(`^\\*${term}\\* — voorstel in deze werkgroep`));
    }
    // An inflected spelling adds a version to the same term rather than a twin.
    expect((await say('fuzzy', 'bob', 'begrip doorstroming = Andere woorden.')).text).toContain('versie 2 van *doorstroom*');
    const list = await say('fuzzy', 'bob', 'begrippen');
    expect(list.text).toContain('(2)');
    expect((await say('fuzzy', 'bob', 'begrippen doorstr')).text).toMatch(/\(1\):\n- \*doorstroom\*/);
    // The filter also searches definitions, earlier versions included.
    expect((await say('fuzzy', 'bob', 'begrippen jongeren')).text).toMatch(/\(1\):\n- \*woonzorgvoorziening\*/);
    expect((await say('fuzzy', 'bob', 'begrip onbekendwoord historie')).text).toContain('kent het begrip ‘onbekendwoord’ nog niet');
  });

  it('shows seeded definitions as the documents’, with their citation, never as the group’s', async () => {
    const seed = loadSeeds().find((s) => s.term === 'big five')!;
    const r = await say('seed', 'anna', 'begrip big five');
    expect(r.text).toContain('nog geen eigen definitie');
    expect(r.text).not.toContain('afspraak in deze werkgroep');
    expect(r.text).toContain('*Volgens de documenten* [1]: “Met “De Big five” worden vijf voorwaarden bedoeld');
    expect(r.citations![0]).toMatchObject({ n: 1, document: seed.source.document, file: seed.source.file, lines: seed.source.lines });
    expect(r.citations!.slice(1).map((c) => c.n)).toEqual([2, 3, 4].slice(0, r.citations!.length - 1));
    // Plural and typo reach the seed too.
    expect((await say('seed', 'anna', 'begrip omklapwoningen')).citations![0].file).toBe('003_8c270d8e4371a908.txt');
    expect((await say('seed', 'anna', 'term housing frist')).text).toContain('According to the documents');
    expect((await say('seed', 'anna', 'begrippen')).text).toContain('Volgens de documenten gedefinieerd:_ big five');
  });

  it('keeps each group’s glossary to itself', async () => {
    await say('iso-a', 'anna', 'begrip omklapwoning = Woning die na een periode van begeleiding op naam van de huurder komt.');
    await say('iso-a', 'anna', 'begrip omklapwoning vaststellen');
    for (const [channel, workspace] of [
      ['iso-b', 'w'],
      ['iso-a', 'other-workspace'],
    ]) {
      const r = await say(channel, 'anna', 'begrip omklapwoning', workspace);
      expect(r.text).toContain('nog geen eigen definitie');
      expect(r.text).not.toContain('op naam van de huurder');
      expect((await say(channel, 'anna', 'begrippen', workspace)).text).toContain('nog geen begrippen');
      expect((await say(channel, 'anna', 'begrip omklapwoning historie', workspace)).text).toContain('kent het begrip');
      const answer = await say(channel, 'anna', 'Wat is een omklapwoning?', workspace);
      expect(answer.text).not.toContain('Afspraak in deze werkgroep');
    }
  });

  it('answers politely on bad input, in the member’s language', async () => {
    expect((await say('input', 'anna', 'begrip')).text).toContain('Gebruik:');
    expect((await say('input', 'anna', 'begrip doorstroom =')).text).toContain('nog geen definitie achter het =-teken');
    expect((await say('input', 'anna', `begrip ${'x'.repeat(81)}`)).text).toContain('maximaal 80 tekens');
    expect((await say('input', 'anna', 'begrip wonen = iets [domein: medisch]')).text).toContain('‘medisch’ ken ik niet als domein');
    expect((await say('input', 'anna', 'term doorstroom = [domain: medical] something')).text).toContain("I don't know ‘medical’");
    expect((await say('input', 'anna', 'terms')).text).toContain('has not defined any terms yet');
  });

  it('widens retrieval with the group’s synonyms and shows the agreed definition beside answers', async () => {
    await say('answers', 'anna', `begrip doorstroom = ${DEF1} [synoniemen: through-flow, uitstroom]`);
    const before = await say('answers', 'anna', 'Hoe bevorderen we doorstroming uit de opvang?');
    expect(before.text).not.toContain('Afspraak in deze werkgroep'); // a proposal is not an agreement
    await say('answers', 'anna', 'begrip doorstroom vaststellen');
    const after = await say('answers', 'anna', 'Hoe bevorderen we doorstroming uit de opvang?');
    expect(after.text).toContain(`*Afspraak in deze werkgroep* — doorstroom: ${DEF1}`);
    const en = await say('answers', 'anna', 'What does the through-flow of young people require?');
    expect(en.text).toContain(`*Agreed in this working group* — doorstroom: ${DEF1}`);
    // A definition question leads with the group's agreed definition, then the documents' answer, once.
    const def = await say('answers', 'anna', 'Wat is doorstroom?');
    expect(def.text.startsWith(`*Afspraak in deze werkgroep* — doorstroom: ${DEF1}`)).toBe(true);
    expect(def.text.split('Afspraak in deze werkgroep').length).toBe(2);
    expect(def.text).toMatch(/\[\d+\]/);

    const m = msg('answers', 'anna', '');
    const ctx: Context = { services: app.services, msg: m, groupId: groupIdOf(m), lang: 'nl', member: await touchMember(app.db, m) };
    expect(await glossaryAnswerHooks.expandQuestion!(ctx, 'Hoeveel doorstroming is er?')).toEqual([
      'doorstroom',
      'through-flow',
      'uitstroom',
    ]);
    expect(await glossaryAnswerHooks.expandQuestion!(ctx, 'Wat kost een woning?')).toEqual([]);
  });

  it('keeps the glossary across a restart', async () => {
    await say('restart', 'anna', `begrip doorstroom = ${DEF1}`);
    await say('restart', 'anna', 'begrip doorstroom vaststellen');
    await say('restart', 'bob', `begrip doorstroom = ${DEF2}`);
    await app.close();
    app = await testApp(kind, { store: app.store });
    const r = await say('restart', 'bob', 'begrip doorstroming');
    expect(r.text).toContain('vastgesteld, versie 1');
    expect(r.text).toContain(DEF1);
    expect(r.text).toContain('Nieuw voorstel (versie 2)');
    expect((await say('restart', 'bob', 'begrip doorstroom historie')).text).toContain('alle versies (2)');
    // The leader role survived too: Anna can agree version 2.
    expect((await say('restart', 'anna', 'begrip doorstroom vaststellen')).text).toContain('(versie 2) is vastgesteld');
  });
});
