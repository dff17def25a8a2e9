import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCompound, stem } from '../src/retrieval/analyzer.js';
import { analyseQuery } from '../src/retrieval/query.js';
import { RANKING } from '../src/retrieval/ranking.js';
import { Vocabulary } from '../src/retrieval/vocabulary.js';
import { testApp, type TestApp } from './helpers/app.js';

// Quality floors, offline and without an LLM. The dev set measures; the questions below are not in
// it and check the retrieval techniques one by one (paraphrase, English, typos, compounds).

let app: TestApp;
beforeAll(async () => {
  app = await testApp('pglite');
});
afterAll(async () => {
  await app?.cleanup();
});

const ask = (q: string, k = 5) => app.services.qa.answer(q, { k });

// Quality floors by cross-validation over every visible set are in answer-model.test.ts.

describe('retrieval techniques', () => {
  it('searches only the documents asked for, and still finds the passage there', async () => {
    const all = await ask('Wat is een omklapwoning?');
    const doc = all.citations[0].document;
    const other = all.citations.find((c) => c.document !== doc)?.document ?? 'vng-handreiking-woonzorg-jongeren-2022';
    const within = await app.services.qa.answer('Wat is een omklapwoning?', { k: 5, documents: [other] });
    expect(within.citations.length).toBeGreaterThan(0);
    expect(within.citations.every((c) => c.document === other)).toBe(true);
    const only = await app.services.qa.answer('Wat is een omklapwoning?', { k: 5, documents: [doc] });
    expect(only.citations[0].lines).toEqual(all.citations[0].lines);
  });

  it('finds a paraphrased question whose words the text does not use', async () => {
    // The text says "Naar schatting hebben in Nederland 375.000 jongeren enige vorm van ondersteuning nodig".
    const a = await ask('hoeveel jongeren zitten er in een kwetsbare positie?');
    expect(a.abstained).toBe(false);
    expect(a.citations.some((c) => c.text.includes('375.000'))).toBe(true);
  });

  it('answers an English question from the Dutch text, in English', async () => {
    const a = await ask('What does it mean when a tenancy is flipped (omklappen) to the client?');
    expect(a.language).toBe('en');
    expect(a.citations[0].text.toLowerCase()).toMatch(/omklap|omgeklapt/);
    expect(a.abstained).toBe(false);
    // A one-line English lead before the quoted Dutch text.
    expect(a.answer.split('\n')[0]).toBe('From the documents (quoted in Dutch):');
    expect(a.answer).toMatch(/\[1\]/);
  });

  it('weighs the words said around the question below the asked ones, and still finds the passage asked for', async () => {
    const vocab = await Vocabulary.load(app.db);
    const termOf = async (question: string) => (await analyseQuery(app.db, vocab, question, 'nl')).terms.get(stem('overleg'))!;
    const around = await termOf('Ik bereid het overleg van donderdag voor. Wat is een omklapwoning?');
    const asked = await termOf('Wat is een omklapwoning volgens het overleg?');
    expect(around).toBeCloseTo(asked * RANKING.query.context);
    expect(around).toBeLessThan(asked);
    const a = await ask('Ik bereid het overleg van donderdag voor met de wethouder. Wat is een omklapwoning?');
    expect(a.citations[0].text.toLowerCase()).toMatch(/omklap/);
  });

  it('tolerates a typo and a plural', async () => {
    const a = await ask('Welke woonzorgvoorzienigen bestaan er voor jongeren?');
    expect(a.citations.slice(0, 3).some((c) => /woonzorgvoorziening/i.test(c.text))).toBe(true);
  });

  it('matches a compound word to the inflected form in the text', async () => {
    const a = await ask('Welke gebiedsontwikkelopgave moeten we in kaart brengen?');
    expect(a.citations.slice(0, 3).some((c) => /gebiedsontwikkelopgave/i.test(c.text))).toBe(true);
  });

  it('splits a compound into a part the documents use only before a linking -s- ("bijstand" of "bijstandsuitkering")', async () => {
    const vocab = Vocabulary.fromTexts(['De bijstandsuitkering is laag.', 'Een uitkering voor jongeren.']);
    expect(splitCompound('jongerenbijstand', vocab.known)).toEqual(['jongeren', 'bijstand']);
    const a = await ask('Tot welk bedrag mogen gemeenten de jongerenbijstand verhogen?');
    expect(a.abstained).toBe(false);
    expect(a.answer.split('\n')[0]).toMatch(/€ ?255 te verhogen naar € ?1050/);
  });

  it('tells numbered steps apart, in Dutch and in English', async () => {
    expect((await ask('Welke informatie verzamelen we bij stap 1?')).citations[0].section).toMatch(/Stap 1: inventariseren/);
    expect((await ask('Wat doen we in stap 2 met de verzamelde informatie?')).citations[0].section).toMatch(/Stap 2/);
    expect((await ask('What happens in step 3 of the handreiking?')).citations[0].section).toMatch(/Stap 3/);
  });

  it('prefers the document a question names', async () => {
    const a = await ask('Wat zegt de handleiding over zelfstandig wonen voor jongeren uit de jeugdzorg?');
    expect(a.citations[0].document).toBe('ozj-zelfstandige-huisvesting-jongeren-jeugdzorg-2021');
  });

  it('a word the documents never use does not cause a refusal on its own when the rest of the question is found', async () => {
    // 'gedoe' stands in none of the documents.
    const a = await ask('Hoe werkt omklappen bij een huurcontract, zonder ambtelijk gedoe?');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/omgeklapt/);
  });

  it('cites precisely: every citation spans at most 30 lines', async () => {
    const a = await ask('Hoe werkt het huurzorgcontract in Rotterdam?', 10);
    for (const c of a.citations) expect(c.lines[1] - c.lines[0] + 1).toBeLessThanOrEqual(30);
  });

  it('keeps the extractive answer free of section headings and numbers each sentence', async () => {
    const a = await ask('Hoeveel jongeren hebben in Nederland enige vorm van ondersteuning nodig?');
    const lines = a.answer.split('\n').filter((l) => !l.startsWith('Zie ook:'));
    expect(lines.length).toBeGreaterThan(0);
    // Every part ends with its [n]; only the items of a list kept whole share their list's number.
    for (const l of lines.filter((x) => !/^([•–-]|\d{1,2}[.)])\s/.test(x))) expect(l).toMatch(/(\[\d+\]|:)$/);
    expect(lines[lines.length - 1]).toMatch(/\[\d+\]$/);
    expect(a.answer).not.toMatch(/1 Inleiding 1\.1/);
  });
});
