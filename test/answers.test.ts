import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { detectLanguage } from '../src/core/i18n.js';
import { carriesGold, goldKey, normaliseForGold, quotesReference } from '../src/eval/gold.js';
import { isReferenceLine } from '../src/ingest/debris.js';
import { markSentences, repairHyphenation, splitSentences } from '../src/ingest/sentences.js';
import { shownAnswer } from '../src/qa/answerer.js';
import { weightedOverlap, withoutHeadings } from '../src/qa/compose.js';
import { renderParts } from '../src/qa/extractive.js';
import { afterHeadingWords, definedTerm, definingSentence, describingSentence, termAfterSpace } from '../src/qa/definition.js';
import { factEvidence, questionForm } from '../src/retrieval/asked.js';
import { Names } from '../src/retrieval/names.js';
import {
  type Asked,
  candidates,
  QUESTION_FEATURES,
  questionFeature,
  SENTENCE_FEATURES,
  sentenceFeature,
} from '../src/qa/model/features.js';
import { statesOthersFact } from '../src/qa/model/evidence.js';
import { SELECT, selectParts } from '../src/qa/model/select.js';
import { englishToDutch, namedDocuments } from '../src/retrieval/lexicon.js';
import { fold, stem } from '../src/retrieval/analyzer.js';
import { askingSentences, questionSentences, withoutRemarks } from '../src/text/sentences.js';
import type { Source } from '../src/qa/compose.js';
import { countPattern, factQuestion, factSentence, mentions, statedFigure, statesAsked, statesFact } from '../src/qa/specific.js';
import { createAnswerer, type DocumentAnswerer } from '../src/qa/pipeline.js';
import { answerModel } from '../src/qa/model/model.js';
import { testApp, type TestApp } from './helpers/app.js';
import { shippedPassages } from './helpers/shipped-documents.js';

// The text a member reads: answer first, whole lists, no debris, says what is missing. Offline, no LLM.

const DOCS = path.join(PROJECT_ROOT, 'knowledge', 'documents');

let app: TestApp;
beforeAll(async () => {
  app = await testApp('pglite');
});
afterAll(async () => {
  await app?.cleanup();
});
const ask = (q: string) => app.services.qa.answer(q, { k: 5 });
/** What the answer model reads for a question (the answerer behind `ask`). */
const evidenceOf = (q: string) => (app.services.qa as DocumentAnswerer).evidence(q, { k: 10 });

describe('gold-sentence measure', () => {
  it('normalises both sides as the issue says: NFKC, lower case, [n] out, hyphen breaks joined, non-letters one space', () => {
    expect(normaliseForGold('De ﬁnanciering [2] is  gere-\n geld: “Ja”!')).toBe('de financiering is geregeld ja');
    expect(goldKey('Voor het doorgronden van het woonzorgvraagstuk moet er')).toBe('voor het doorgronden van het woonzorgvraagstuk');
    expect(
      carriesGold(
        { answer: 'Voor het doorgronden [1] van het woonzorg-\nvraagstuk moet …', abstained: false },
        'Voor het doorgronden van het woonzorgvraagstuk moet',
      ),
    ).toBe(true);
    expect(
      carriesGold(
        { answer: 'Voor het doorgronden van het woonzorgvraagstuk', abstained: true },
        'Voor het doorgronden van het woonzorgvraagstuk',
      ),
    ).toBe(false);
  });

  it('counts an answer that quotes a reference-list entry or footnote', () => {
    expect(isReferenceLine('14 Leerdam, J. van, Scheepers, A.L. & Wolf, J.R.L.M. (2021).Uitstroom uit instelling voor jeugdzorg.')).toBe(
      true,
    );
    expect(isReferenceLine('JONG doet mee! (2018) The Big Five, Het belang van één volwassene om op terug te kunnen vallen.')).toBe(true);
    expect(isReferenceLine('Gemeente Alkmaar (2020) Tussenrapportage 2020 Woonzorgopgave 2018 – 2023. Gemeente Alkmaar. Pag 13')).toBe(
      true,
    );
    expect(isReferenceLine('Het gebouw heeft 38 woonstudio’s.')).toBe(false);
    // A link's label points elsewhere and says nothing itself.
    expect(isReferenceLine('Klik hier voor de bron en meer informatie.')).toBe(true);
    expect(isReferenceLine('Tool: projectmatig stappenplan Ga naar het Stappenplan')).toBe(true);
    expect(isReferenceLine('De jongeren gaan naar school en lezen meer dan vroeger.')).toBe(false);
    // So is a list of links: a site's name, a web page's title.
    expect(isReferenceLine('– Samen tegen armoede (armoedecoalitie.nl) – Aanpak schulden')).toBe(true);
    expect(isReferenceLine('Blogs en artikelen Maatwerk voor jongeren | Divosa Blog over jeugdbescherming')).toBe(true);
    expect(isReferenceLine('De kosten zijn o.a. voor vervoer en i.v.m. de huur gestegen.')).toBe(false);
    expect(
      isReferenceLine('In het onderzoeksrapport van Wewerinke, Al Shamma en Wolf (2014) zijn de principes en criteria op een rij gezet.'),
    ).toBe(false);
    expect(
      quotesReference({
        answer: 'Zie hiervoor [1]\n30 Stichting Het Dagelijks Bestaan (2018) Maatschappij Haalbaarheidsonderzoek. [2]',
        abstained: false,
      }),
    ).toBe(true);
  });
});

describe('debris is marked at ingestion, never quoted', () => {
  const passages = shippedPassages('000_');
  const marked = markSentences(passages);
  const all = marked.flatMap((ss, i) => ss.map((s) => ({ ...s, passage: passages[i] })));

  it('marks footnotes and reference entries, captions, table cells and repeated pull quotes', () => {
    const kindOf = (start: string) => all.find((s) => s.text.startsWith(start))?.kind;
    expect(kindOf('3 Aanpak 16-27 (2017) Toolkit 16-27.')).toBe('reference');
    expect(kindOf('Figuur 13')).toBe('caption');
    // A figure's labels read into one line with the caption at its end are no sentence to quote.
    expect(all.find((s) => /Stap 1 .* Figuur 15: de basis op orde$/.test(s.text))?.kind).toBe('caption');
    expect(all.filter((s) => s.passage.kind === 'footnote').every((s) => s.kind === 'reference')).toBe(true);
    // Captions are split from the running text glued to them.
    expect(kindOf('Deze informatieverzameling kan worden gestructureerd')).toBe('content');
    expect(all.some((s) => s.kind === 'cell')).toBe(true);
    expect(all.filter((s) => s.passage.kind === 'quote').every((s) => s.kind === 'duplicate')).toBe(true);
  });

  it('marks a publisher’s boilerplate as legal text, never quoted', async () => {
    const back = markSentences(shippedPassages('004_')).flat();
    expect(back.find((s) => s.text.includes('vermenigvuldigd'))?.kind).toBe('legal');
    expect(back.find((s) => s.text.includes('aansprakelijkheid'))?.kind).toBe('legal');
    const a = await ask('Mogen we teksten uit de publicatie vermenigvuldigen als we de bron vermelden?');
    expect(a.answer).not.toMatch(/vermenigvuldigd|aansprakelijkheid/);
  });

  it('keeps a bracketed source with the quotation it follows', () => {
    expect(splitSentences('Het doel is helder. “Samen lukt het.” (Rapport Wonen, 2021) Op 17 mei is het rapport verschenen.')).toEqual([
      'Het doel is helder.',
      '“Samen lukt het.” (Rapport Wonen, 2021)',
      'Op 17 mei is het rapport verschenen.',
    ]);
    expect(splitSentences('Het werkt. (Zie bijlage 1) Daarna volgt stap 2.')).toEqual([
      'Het werkt.',
      '(Zie bijlage 1)',
      'Daarna volgt stap 2.',
    ]);
    expect(splitSentences('De huur is € 710 excl. BTW per maand. Daarna volgt stap 2.')).toHaveLength(2);
  });

  it('ends no sentence at an abbreviation of dotted letters, whatever letters it has', () => {
    expect(splitSentences('De coach belt het Wmo-loket (i.v.m. Wmo-indicatie) van Breda. Daarna volgt stap 2.')).toEqual([
      'De coach belt het Wmo-loket (i.v.m. Wmo-indicatie) van Breda.',
      'Daarna volgt stap 2.',
    ]);
    expect(splitSentences('Er is een wachtlijst, z.s.m. Nieuwe aanmeldingen volgen. Daarna stap 2.')).toHaveLength(2);
    expect(splitSentences('Er zijn woonstudio’s. Daarna volgt stap 2.')).toHaveLength(2);
  });

  it('splits a numbered list item off, but not a number that closes a bracket in the sentence', () => {
    expect(splitSentences('In de tekening (figuur 3) is de opvang linksonder ingetekend.')).toEqual([
      'In de tekening (figuur 3) is de opvang linksonder ingetekend.',
    ]);
    expect(splitSentences('Er zijn twee niveaus: 1) ruimtelijk planningsniveau en 2) voorzieningenniveau.')).toEqual([
      'Er zijn twee niveaus:',
      '1) ruimtelijk planningsniveau en',
      '2) voorzieningenniveau.',
    ]);
  });

  it('keeps a heading’s or list item’s number with its text: no sentence is a number alone', () => {
    expect(splitSentences('3. Kaders voor Kampen De gemeente stelt de kaders vast. 4. Afspraken maken.')).toEqual([
      '3. Kaders voor Kampen De gemeente stelt de kaders vast.',
      '4. Afspraken maken.',
    ]);
    expect(splitSentences('2.1 Voorbeeld: De Kade in Zwolle Het project begon in 2019.')).toEqual([
      '2.1 Voorbeeld: De Kade in Zwolle Het project begon in 2019.',
    ]);
    const alone = markSentences(['000_', '001_', '002_', '003_', '004_'].flatMap(shippedPassages))
      .flat()
      .filter((s) => s.kind === 'content' && /^[\d.]+(?:\s+\p{L}+:)?$/u.test(s.text));
    expect(alone).toEqual([]);
  });

  it('leaves out a heading the passage starts with, but not a name that is the subject of the sentence', () => {
    expect(
      withoutHeadings('5.1 Stap 1: inventariseren De inventarisatiestap is de eerste stap.', 'Handreiking > 5.1 Stap 1: inventariseren'),
    ).toBe('De inventarisatiestap is de eerste stap.');
    expect(withoutHeadings('De Nieuwe Club De Nieuwe Club is een aanbod in de wijk.', 'Voorbeelden > De Nieuwe Club')).toBe(
      'De Nieuwe Club is een aanbod in de wijk.',
    );
  });

  it('repairs broken hyphenation only where the document writes the joined word, never a suspended compound', () => {
    const known = new Set(['principe', 'zorgen']);
    expect(repairHyphenation('het ‘huis eerst-princi-pe’', known)).toBe('het ‘huis eerst-principe’');
    expect(repairHyphenation('zorg- en welzijnsinstellingen', known)).toBe('zorg- en welzijnsinstellingen');
  });

  it('marks a magazine’s further-reading list as references, keeping the text the heading ran on from', () => {
    const magazine = markSentences(shippedPassages('004_'));
    const heading = /(?:^|\s)Meer (?:weten\?|informatie:)$/;
    let lists = 0;
    for (const ss of magazine) {
      const at = ss.findIndex((s) => heading.test(s.text));
      if (at < 0) continue;
      lists++;
      expect(ss.slice(at).every((s) => s.kind === 'reference')).toBe(true);
    }
    expect(lists).toBeGreaterThanOrEqual(10);
    // "… 3 x €40.000,- Meer weten?": the text before the heading stays content, without the heading.
    const ranOn = magazine.flat().filter((s) => s.kind === 'content' && /€\s?40\.000,-$/.test(s.text));
    expect(ranOn).toHaveLength(1);
    expect(splitSentences('De pilot liep een jaar. Meer weten? – Artikel over de pilot – Website')).toHaveLength(3);
  });

  it('quotes no further-reading list: a definition asked of the magazine leads with its own', async () => {
    const a = await ask('Wat is gemengd wonen volgens het magazine?');
    expect(a.answer.split('\n')[0]).toMatch(/^Bij gemengd wonen gaat het om woonprojecten/);
    expect(a.answer).not.toMatch(/Platform31|Artikel|Publicatie:/);
    expect(quotesReference(a)).toBe(false);
  });

  it('answers about an omklapwoning without table debris or reference lines', async () => {
    const a = await ask('Wat is een omklapwoning?');
    expect(a.abstained).toBe(false);
    expect(a.answer).not.toMatch(/\bNEE\b|\bJA\b/);
    expect(quotesReference(a)).toBe(false);
  });
});

describe('answer-first composition on real passages', () => {
  it('weighs rare terms over common ones', () => {
    const terms = new Map([
      ['omgeklapt', 5],
      ['woning', 0.5],
    ]);
    expect(weightedOverlap('De woning kan later worden omgeklapt naar de jongere.', terms)).toBeGreaterThan(
      weightedOverlap('De woning wordt gehuurd door de zorgaanbieder.', terms),
    );
  });

  it('reads the kind of question', () => {
    expect(questionForm('Wat is Housing First?')).toBe('definition');
    expect(questionForm('Hoeveel woonstudio’s heeft het gebouw?')).toBe('figure');
    expect(questionForm('Welke partijen zitten aan tafel?')).toBe('list');
    expect(questionForm('Hoe pakken we de analyse aan?')).toBe('how');
    expect(questionForm('Waarom lopen de planningen uiteen?')).toBe('why');
    // Who a group's name stands for is its definition.
    expect(questionForm('De handreiking noemt ‘zorgmijders’. Wie worden daarmee bedoeld?')).toBe('definition');
    // Asking for a property of something is no definition question; asking for the parts of it is a list.
    expect(questionForm('Wat is voor de huurder het nadeel van onderhuur?')).toBe('open');
    expect(questionForm('Wat zijn de voorwaarden voor een omklapwoning?')).toBe('list');
  });

  it('reads the term a definition question asks about where the asking words end ("mean by", "verstaan … onder")', () => {
    expect(definedTerm('What does the guide mean by a tandem?')).toBe('tandem');
    expect(definedTerm('Wat verstaan ze in Breda onder een wooncoach?')).toBe('wooncoach');
    expect(questionForm('Wat verstaan ze in Breda onder een wooncoach?')).toBe('definition');
    expect(definedTerm('Wat is een omklapwoning?')).toBe('omklapwoning');
  });

  it('a definition question leads with the definition the documents give', async () => {
    const a = await ask('Wat is Housing First?');
    expect(a.answer.split('\n')[0]).toMatch(/^Housing First biedt dakloze mensen/);
    const n = Number(/\[(\d+)\]/.exec(a.answer.split('\n')[0])![1]);
    expect(a.citations.find((c) => c.n === n)?.file).toBe('002_7a1f22539303f2f9.txt');
    // The passage that holds it is the first of the context a language model reads (`ask --json`'s `context`).
    expect(a.retrieved[0].text).toContain('Housing First biedt dakloze mensen');
  });

  it('without a glossary seed, a definition question leads with the documents’ own “X is …” sentence', async () => {
    expect(definedTerm('Wat wordt er verstaan onder een gereedschapskist?')).toBe('gereedschapskist');
    expect(definedTerm('Een collega had het over de ‘waakvlam’. Wat houdt dat in?')).toBe('waakvlam');
    expect(definedTerm('Wat is het Transferpunt in de regio Alkmaar?')).toBe('Transferpunt');
    expect(
      describingSentence('buurtgericht werken').test(
        'Zij kiezen voor een aanpak dicht bij de bewoners (buurtgericht werken), met korte lijnen.',
      ),
    ).toBe(true);
    expect(definingSentence('gereedschapskist').test('Met de gereedschapskist werken zij samen.')).toBe(false);
    const a = await ask('Wat is de gereedschapskist?');
    expect(a.answer.split('\n')[0]).toMatch(/^De gereedschapskist is een werkmethode .* \[\d+\]$/);
    const n = Number(/\[(\d+)\]$/.exec(a.answer.split('\n')[0])![1]);
    expect(a.citations.find((c) => c.n === n)?.file).toBe('004_f2b04dc6571477a9.txt');
  });

  it('reads the asked term without the words said around it: a filler at its end, a quoted document name before it', () => {
    expect(definedTerm('Wat is (z)Onder Dak precies?')).toBe('(z)Onder Dak');
    expect(definedTerm('What is a wooncirkel, actually?')).toBe('wooncirkel');
    const named = 'Wat verstaat het magazine ‘Zo doen we dat!’ onder een wooncirkel?';
    expect(definedTerm(named)).toBe('wooncirkel');
    // The exclamation mark of a quoted title ends no sentence: the question is still a definition question.
    expect(questionForm(named)).toBe('definition');
    expect(askingSentences(named)).toBe(named);
    // Nor does a quoted question's mark before a lower-case word; a chat's next question may start in lower case.
    expect(questionSentences('Geldt de ‘Hoe gaat het?’ ronde ook voor ons? Ik twijfel nog.')).toEqual([
      'Geldt de ‘Hoe gaat het?’ ronde ook voor ons?',
    ]);
    expect(questionSentences('Wat is een wooncirkel? en wie betaalt die?')).toHaveLength(2);
    // Typed all in lower case, a full stop still ends the sentence before the question.
    expect(askingSentences('we zijn net begonnen in breda. wat is een wooncirkel?')).toBe('wat is een wooncirkel?');
  });

  it('finds the documents’ description of a term under the heading the extraction ran into the sentence, or the term as a heading', async () => {
    // "(z)Onder Dak in Rotterdam Inleiding (z)Onder Dak is sinds 2006 …": the heading's words go before the definition.
    const constructie = await ask('Wat is (z)Onder Dak?');
    expect(constructie.answer.split('\n')[0]).toMatch(/^\(z\)Onder Dak is sinds 2006 de Rotterdamse benaming/);
    // The heading names the term too, and a list item's or footnote's number stands before it.
    const kade = termAfterSpace('De Kade');
    expect(afterHeadingWords('2.1 Voorbeeld: De Kade in Zwolle Inleiding De Kade is een woonproject.', kade)).toBe(
      'De Kade is een woonproject.',
    );
    expect(afterHeadingWords('1. Bij De Kade gaat het om twaalf studio’s.', kade)).toBe('Bij De Kade gaat het om twaalf studio’s.');
    // A section headed "Gouden driehoek": its first sentences describe it.
    const triangle = await ask('Wat is een gouden driehoek?');
    expect(triangle.answer.split('\n')[0]).toMatch(/^Creëer een gouden driehoek tussen gemeente, woningcorporaties en zorgaanbieders\./);
    expect(describingSentence('wonen light').test('Bij wonen light staat de woonfunctie centraal.')).toBe(true);
    expect(describingSentence('wonen light').test('Voor wonen light is geen budget.')).toBe(false);
  });

  it('a count question leads with the sentence that states the number for the asked subject', async () => {
    const a = await ask('Hoeveel woonstudio’s heeft Start me Up in Alkmaar?');
    expect(a.answer.split('\n')[0]).toMatch(/38 woonstudio/);
  });

  it('reads an English plural or -s form through the lexicon’s one form (studios → studio)', async () => {
    expect(englishToDutch().get('studios')).toEqual(englishToDutch().get('studio'));
    expect(englishToDutch().get('communities')).toEqual(englishToDutch().get('community'));
    expect(englishToDutch().get('coaches')).toEqual(englishToDutch().get('coach'));
    // Only a regular ending comes off: "process" is itself an entry, "this" and "does" are none.
    expect(englishToDutch().get('process')).toContain('proces');
    expect(englishToDutch().has('this')).toBe(false);
    expect(englishToDutch().has('does')).toBe(false);
    const a = await ask('How many studios does Start me Up have?');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/38 woonstudio/);
  });

  it('a list introduced by a colon is kept whole', async () => {
    const a = await ask('Uit welke bestandsdelen bestaat een programmeringsstrategie?');
    for (const part of ['benadering op systeemniveau', 'integraal perspectief', 'informatiegestuurd werken', 'publiek-private aanpak']) {
      expect(a.answer).toContain(part);
    }
  });
});

describe('a sentence that points into its document', () => {
  it('is not quoted as content ("In dit hoofdstuk …", "zie bijlage …")', async () => {
    for (const q of ['Wat is de programmeringsstrategie?', 'Welke modellen worden beschreven voor woonzorgvoorzieningen?']) {
      const a = await ask(q);
      expect(a.abstained).toBe(false);
      expect(a.answer).not.toMatch(/hoofdstuk|paragraaf|bijlage/i);
    }
  });
});

describe('composing an answer from ranked sentences', () => {
  // Candidates as the model ranks them: best first, each with its passage, place and features.
  const source = { n: 1 } as Source;
  const ranked = (sentences: { text: string; asks?: boolean; fact?: boolean; subject?: number }[]) =>
    sentences.map(({ text, asks, fact, subject }, idx) => {
      const x = new Array<number>(SENTENCE_FEATURES.length).fill(0);
      if (asks) x[sentenceFeature('asks')] = 1;
      if (fact) x[sentenceFeature('fact')] = 1;
      x[sentenceFeature('subject_passage')] = subject ?? 0;
      // As `candidates` reads them for a question that names a subject.
      x[sentenceFeature('subject_absent')] = 1 - (subject ?? 0);
      x[sentenceFeature('fact_of_other')] = fact && (subject ?? 0) < 1 ? 1 : 0;
      return { source, idx: idx * 5, text, x, logit: 2 - idx * 0.1 };
    });
  // The question's features: a general question (no specific fact asked, no subject named), or a count for a place.
  const general = new Array<number>(QUESTION_FEATURES.length).fill(0);
  const countFor = general.map((v, i) => (['specific', 'subjects'].includes(QUESTION_FEATURES[i].name) ? 1 : v));

  it('adds no later part that is a question the documents ask or a stray fragment', () => {
    const parts = selectParts(
      ranked([
        { text: 'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.' },
        { text: 'Hoe kom je tot zelfstandige huisvesting?', asks: true },
        { text: 'Onze burgers.' },
        { text: '• eigen sleutel' },
        { text: 'De begeleider komt minstens één keer per week langs bij de jongere.' },
      ]),
      { follow: 0.1, maxParts: 4, readOn: 0 },
      { question: general },
    );
    expect(parts.map((p) => p.text)).toEqual([
      'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.',
      '• eigen sleutel',
      'De begeleider komt minstens één keer per week langs bij de jongere.',
    ]);
  });

  it('marks a later figure of the asked kind, under another heading that names none of the asked subjects, as another subject’s', () => {
    const under = (section: string, c: ReturnType<typeof ranked>[number]) => ({ ...c, source: { n: 1, section } as Source });
    const [zwolle, deventer, entrance, kampen, table] = ranked([
      { text: 'In Zwolle staan 24 laadpalen voor scootmobielen bij de woningen.', fact: true, subject: 1 },
      { text: 'In Deventer zijn 60 laadpalen geplaatst.', fact: true },
      { text: 'De laadpalen staan bij de ingang van elk gebouw.', subject: 1 },
      { text: 'In Zwolle en Kampen zijn 30 laadpalen gepland.', fact: true, subject: 0.5 },
      { text: 'Laadpalen 2023 12 2024 18', fact: true },
    ]);
    const candidates = [
      under('Zwolle', zwolle),
      under('Deventer', deventer),
      under('Zwolle', entrance),
      under('Kampen', kampen),
      // The rest of a table split into passages names no subject, but stands under the lead's heading.
      under('Zwolle', table),
    ];
    const compose = { follow: 0.1, maxParts: 5, readOn: 0 };
    const others = (question: number[]) => selectParts(candidates, compose, { question }).map((p) => p.other ?? false);
    expect(others(countFor)).toEqual([false, true, false, false, false]);
    expect(renderParts(selectParts(candidates, compose, { question: countFor }), 'Voor een ander onderwerp:')).toContain(
      'Voor een ander onderwerp: In Deventer zijn 60 laadpalen geplaatst. [1]',
    );
    // A question about no subject in particular reads every figure as it stands.
    expect(others(general)).toEqual([false, false, false, false, false]);
  });

  it('answers about a named subject without going on about another one', () => {
    const under = (document: string, section: string, c: ReturnType<typeof ranked>[number]) => ({
      ...c,
      source: { n: 1, document, section } as Source,
    });
    const [kade, breda, kadeLater, result] = ranked([
      { text: 'De Kade in Zwolle heeft 24 woningen voor jongeren die uit de jeugdzorg komen.', subject: 1 },
      { text: 'De wijk Brabantpark in Breda telt ongeveer 9.000 inwoners.' },
      { text: 'Elke bewoner heeft een eigen voordeur en deelt de tuin met de buren.', subject: 1 },
      // A later page of the same case need not name its place again.
      { text: 'Sinds de opening is niemand teruggevallen in dakloosheid.' },
    ]);
    const candidates = [
      under('magazine', 'De Kade > Aanpak', kade),
      under('handreiking', 'Casussen > Brabantpark', breda),
      under('magazine', 'De Kade > Aanpak', kadeLater),
      under('magazine', 'De Kade > Wat is bereikt?', result),
    ];
    const compose = { follow: 0.1, maxParts: 4, readOn: 0 };
    const aboutKade = general.map((v, i) => (i === questionFeature('subjects') ? 1 : v));
    // Led from the passage about De Kade: Breda's neighbourhood is left out; the rest of De Kade's case stays.
    expect(selectParts(candidates, compose, { question: aboutKade }).map((p) => p.text)).toEqual([kade.text, kadeLater.text, result.text]);
    // A question that names no subject reads every passage as it stands.
    expect(selectParts(candidates, compose, { question: general }).map((p) => p.text)).toContain(breda.text);
  });

  it('quotes no introduction whose list did not come along', () => {
    const later = selectParts(
      ranked([
        { text: 'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.' },
        { text: 'De volgende voordelen zijn genoemd:' },
        { text: 'De begeleider komt minstens één keer per week langs bij de jongere.' },
      ]),
      { follow: 0.1, maxParts: 4, readOn: 0 },
      { question: general },
    );
    expect(later.map((p) => p.text)).not.toContain('De volgende voordelen zijn genoemd:');
    expect(later).toHaveLength(2);
    // The lead reads on through its passage, but stops before an introduction whose items fall outside the budget.
    const passage = ranked([
      { text: 'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.' },
      { text: 'Daarbij gelden de volgende afspraken:' },
    ]).map((c, idx) => ({ ...c, idx }));
    const lead = selectParts(passage, { follow: 1, maxParts: 1, readOn: 1 }, { question: general });
    expect(lead.map((p) => p.text)).toEqual(['Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.']);
  });

  it('leads with the sentence before when the lead names what it refers to (“dit concept”), and only the lead', () => {
    const passage = ranked([
      { text: 'De jongeren huren samen een huis met een vaste huismeester.' },
      { text: 'De gemeente noemt dit concept ‘samen thuis’.' },
      { text: 'Op dit moment wonen er zes jongeren.' },
    ]).map((c, idx) => ({ ...c, idx }));
    const [antecedent, refers, now] = passage;
    const lead = selectParts([refers, antecedent, now], { follow: 1, maxParts: 1, readOn: 0 }, { question: general });
    expect(lead.map((p) => p.text)).toEqual([
      'De jongeren huren samen een huis met een vaste huismeester. De gemeente noemt dit concept ‘samen thuis’.',
    ]);
    // "op dit moment" refers to no sentence before it.
    expect(selectParts([now, refers, antecedent], { follow: 1, maxParts: 1, readOn: 0 }, { question: general }).map((p) => p.text)).toEqual(
      [now.text],
    );
    // A later part stays one sentence: the budget goes to what else answers the question.
    const other = {
      ...ranked([{ text: 'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.' }])[0],
      source: { n: 2 } as Source,
    };
    const later = selectParts([other, refers, antecedent], { follow: 0.1, maxParts: 2, readOn: 0 }, { question: general });
    expect(later.map((p) => p.text)).toEqual([other.text, refers.text]);
  });

  it('shows the parts of one passage in its order, with the one sentence between them, after the lead', () => {
    const passage = ranked([
      { text: 'Elke organisatie heeft een deel van de informatie.' },
      { text: 'Zij moeten dus toegang houden tot de gegevens.' },
      { text: 'Daarvoor komen zij twee keer per jaar bij elkaar.' },
      { text: 'Zo kunnen zij nagaan of de cijfers nog kloppen.' },
    ]).map((c, idx) => ({ ...c, idx }));
    const [first, second, between, fourth] = passage;
    const lead = {
      ...ranked([{ text: 'Een jongere die zelfstandig woont, heeft recht op begeleiding zolang dat nodig is.' }])[0],
      source: { n: 2 } as Source,
    };
    // Ranked: the lead, then the fourth sentence, then the second; the one between them and the first rank lower.
    const parts = selectParts(
      [lead, fourth, second, between, first].map((c, i) => ({ ...c, logit: 2 - i * 0.1 })),
      { follow: 0.1, maxParts: 3, readOn: 0 },
      { question: general },
    );
    expect(parts.map((p) => p.text)).toEqual([lead.text, `${second.text} ${between.text} ${fourth.text}`]);
  });
});

describe('refusals a person accepts, one of each kind', () => {
  it('off-topic: one sentence on what the documents are about, no unrelated passages', async () => {
    for (const q of ['Wat is de hoofdstad van Australië?', 'Tot hoe laat is de milieustraat op zaterdag open?']) {
      const a = await ask(q);
      expect(a.abstained).toBe(true);
      expect(a.answer).toBe('Daar gaan de documenten niet over: ze gaan over woonzorg en huisvesting voor jongeren en kwetsbare groepen.');
      expect(a.citations).toEqual([]);
    }
    const en = await ask('When does the swimming pool open on Sundays?');
    expect(en.abstained).toBe(true);
    expect(en.answer).toMatch(/^The documents do not cover that/);
  });

  it('off-topic: an errand of the working group that names a place the documents discuss (words of errands, fitted)', async () => {
    // Amersfoort, werkgroep and working group are the documents' words; parking, booking a room are an errand's.
    for (const q of [
      'Moeten de leden van de werkgroep zelf parkeren betalen bij het gemeentehuis in Amersfoort?',
      'How do I book a meeting room at Amersfoort town hall for our working group?',
    ]) {
      const a = await ask(q);
      expect(a.abstained).toBe(true);
      expect(a.answer).toMatch(/^(Daar gaan de documenten niet over|The documents do not cover that)/);
      expect(a.citations).toEqual([]);
    }
  });

  it('off-topic: the cost of an errand in a town the documents discuss, not a missing figure for that town', async () => {
    // Amersfoort and Rotterdam are the documents' places and a cost is a fact they give; the off-topic gate refuses
    // these on its own, so a sentence that the documents name no cost for the town would mislead.
    for (const q of ['Wat kost een parkeervergunning in Amersfoort per jaar?', 'Wat kost een nieuw paspoort in Rotterdam?']) {
      const a = await ask(q);
      expect(a.abstained).toBe(true);
      expect(a.refusal).toBe('off_topic');
      expect(a.answer).toBe('Daar gaan de documenten niet over: ze gaan over woonzorg en huisvesting voor jongeren en kwetsbare groepen.');
    }
    // A missing figure for a project the documents never mention still names what is missing.
    const rent = await ask('Wat is de huur van een studio bij De Kade in Zwolle?');
    expect(rent.refusal).toBe('missing_fact');
    expect(rent.answer.split('\n')[0]).toBe('De documenten noemen geen huurbedrag voor De Kade in Zwolle.');
  });

  it('off-topic: a question about the asker’s own affairs, not a professional one that says “mijn” too', async () => {
    const own = await ask('How do I change the bank account for my rent payments?');
    expect(own.abstained).toBe(true);
    expect(own.answer).toBe(
      'The documents do not cover that: they are about housing with care and housing for young people and vulnerable groups.',
    );
    const work = await ask('Hoe krijg ik mijn wethouder mee in een woonzorgvoorziening voor jongeren?');
    expect(work.abstained).toBe(false);
    expect(work.answer).toMatch(/wethouder/i);
    // The asker's own affairs told before the question count; a possessive of one's work does not.
    const told = await ask('Mijn huurtoeslag is gestopt na de verhuizing. Hoe vraag ik die opnieuw aan?');
    expect(told.abstained).toBe(true);
    expect(told.answer).toMatch(/^Daar gaan de documenten niet over/);
    const ours = await ask('In mijn gemeente willen we jongeren uit de jeugdzorg een eigen studio geven. Wat is Housing First?');
    expect(ours.abstained).toBe(false);
    expect(ours.answer.split('\n')[0]).toMatch(/^Housing First biedt/);
    // A side remark with "mijn" after the question is not what it asks.
    const remark = await ask('Wat is een huurzorgcontract? Mijn collega vroeg het me vanochtend.');
    expect(remark.abstained).toBe(false);
    expect(remark.answer.split('\n')[0]).toMatch(/^Een huurzorgcontract is/);
  });

  it('a definition asked inside a sentence, with a request to the channel and modal particles, as if asked outright', async () => {
    // "Weet iemand wat een X nou is?": the verb comes last, and uitleggen / nou / please say how, not what.
    expect(questionForm('Weet iemand wat een omklapconstructie is?')).toBe('definition');
    expect(definedTerm('Kan iemand me even uitleggen wat een huurzorgcontract nou precies inhoudt?')).toBe('huurzorgcontract');
    expect(definedTerm('Can anyone explain what a huurzorgcontract actually is?')).toBe('huurzorgcontract');
    // A value asked the same way ("wat de huren zijn") is no definition.
    expect(questionForm('Weet iemand wat de huren zijn bij De Kade?')).not.toBe('definition');
    const nl = await ask('Kan iemand me even uitleggen wat een huurzorgcontract nou precies inhoudt?');
    expect(nl.abstained).toBe(false);
    expect(nl.answer.split('\n')[0]).toMatch(/^Een huurzorgcontract is/);
    const en = await ask('Can anyone please explain what an omklapconstructie is?');
    expect(en.abstained).toBe(false);
    expect(en.answer).toMatch(/zorgaanbieder de woning|omgeklapt/);
  });

  it('never off-topic: a word the documents use only in its plural (a noun in -ie: omklapconstructie, -s)', async () => {
    expect(stem('omklapconstructies')).toBe(stem('omklapconstructie'));
    expect(stem(fold('categorieën'))).toBe(stem('categorie'));
    expect(stem('subsidies')).toBe(stem('subsidie'));
    const a = await ask('Wat is een omklapconstructie?');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/omklapconstructies|zorgaanbieder de woning/);
  });

  it('never off-topic: a word only the documents use, in a form they paraphrase, with an everyday second question', async () => {
    // The documents write "omklappen", never "omklapwoning"; the lexicon paraphrases it.
    const a = await ask('Wat is een omklapwoning en wie betaalt het?');
    expect(a.abstained).toBe(false);
    expect(a.answer.split('\n')[0]).toMatch(/omgeklapt/);
  });

  it('a question about the documents themselves: which documents they are, not that they do not cover it', async () => {
    const catalog = JSON.parse(fs.readFileSync(path.join(DOCS, 'catalog.json'), 'utf8')) as {
      documents: { label: string; title: string }[];
    };
    const all = await ask('Welke bronnen gebruik je eigenlijk?');
    expect(all.answer.split('\n')[0]).toBe('Ik beantwoord vragen uit deze documenten:');
    for (const d of catalog.documents) expect(all.answer).toContain(`${d.label}: _${d.title}_`);
    const one = await ask('Waar gaat het rapport van Corpovenista over?');
    expect(one.answer).toContain('Tussen wal en schip');
    expect(one.answer).not.toContain('VNG-handreiking');
    expect(one.citations).toEqual([]);
    expect((await ask('Which documents do you answer from?')).answer).toMatch(/^I answer questions from these documents:/);
    // About something else, framed the same way: still off-topic.
    expect((await ask('Waar gaat de vergadering van morgen over?')).answer).toMatch(/^Daar gaan de documenten niet over/);
  });

  it('a missing fact: names the measure and the place; another place’s figure only labelled as such', async () => {
    const a = await ask('Wat is de wachttijd voor een sociale huurwoning voor jongeren in Utrecht?');
    expect(a.abstained).toBe(true);
    const [first, ...rest] = a.answer.split('\n');
    expect(first).toBe('De documenten noemen geen wachttijd voor Utrecht.');
    // Amersfoort's waiting time may follow, never as the answer: only after the label.
    for (const line of rest.filter((l) => /Amersfoort/.test(l)))
      expect(line).toMatch(/^De documenten noemen dit wel voor een ander onderwerp: /);
  });

  it('a figure for another subject beside a refusal is one short sentence, never a flattened table', async () => {
    const a = await ask('Hoeveel kost een woning in Roermond per maand?');
    expect(a.abstained).toBe(true);
    const [first, aside] = a.answer.split('\n');
    expect(first).toBe('De documenten noemen geen kosten voor Roermond.');
    // The cost table of the OZJ guide ("Licht Groep licht … € 11.000 € 21.000 …") is the nearest cost, but unreadable.
    const quote = /^De documenten noemen dit wel voor een ander onderwerp: “(.+)” \[\d\]$/.exec(aside)?.[1];
    expect(quote).toBeDefined();
    expect(quote!.length).toBeLessThanOrEqual(SELECT.aside);
    expect(quote).not.toMatch(/Licht Groep/);
  });

  it('a place the documents never mention: refused in the question’s language, never another place’s figure as the answer', async () => {
    const en = await ask('How long is the waiting time for a social rental home in Zwolle?');
    expect(en.abstained).toBe(true);
    const [first, ...rest] = en.answer.split('\n');
    expect(first).toBe('The documents do not state the waiting time for Zwolle.');
    for (const line of rest.filter((l) => /Amersfoort/.test(l))) expect(line).toMatch(/^The documents do give it for something else/);
    const nl = await ask('Hoeveel inwoners telt de wijk Kanaleneiland?');
    expect(nl.abstained).toBe(true);
    expect(nl.answer.split('\n')[0]).toBe('De documenten noemen geen aantal inwoners voor Kanaleneiland.');
  });

  it('a rent is an amount said of renting: another amount for the subject is no rent', async () => {
    // The documents give Discus's cost per person per year, never a rent.
    const a = await ask('Wat is de huur van een woning bij Discus in Amsterdam?');
    expect(a.abstained).toBe(true);
    expect(a.answer.split('\n')[0]).toBe('De documenten noemen geen huurbedrag voor Discus in Amsterdam.');
    expect(a.answer).not.toMatch(/25\.000/);
  });

  it('how often: the sentence that says how often leads, and a frequency the documents never give is refused as one', async () => {
    for (const q of [
      'Hoe vaak komt het Landelijk Platform Housing First samen met de projectleiders?',
      'How often does the national Housing First platform meet?',
    ]) {
      const a = await ask(q);
      expect(a.abstained).toBe(false);
      expect(a.answer.split('\n').find((l) => !/From the documents \(quoted in Dutch\):$/.test(l))).toMatch(
        /^Het Landelijk Platform komt twee keer per jaar samen/,
      );
    }
    const none = await ask('Hoe vaak komt de stuurgroep in Zwolle bij elkaar?');
    expect(none.abstained).toBe(true);
    expect(none.answer.split('\n')[0]).toBe('De documenten noemen geen frequentie voor Zwolle.');
  });

  it('a name joined by a link word ("Kamers met Kansen") is a name the documents use, not one they never mention', async () => {
    const i = questionFeature('subject_unknown');
    const { evidence } = await evidenceOf('Hoeveel jongeren wonen er bij Kamers met Kansen?');
    expect(evidence.asked.fact.subjects).toContain('Kamers met Kansen');
    expect(evidence.questionX(0)[i]).toBe(0);
  });

  it('a short name ("EU") is a word of its own: not the start of "euro", and unknown when the documents never write it', async () => {
    expect(mentions('De huur is 400 euro per maand.', 'EU')).toBe(false);
    expect(mentions('Volgens de EU-regels mag dat.', 'EU')).toBe(true);
    const i = questionFeature('subject_unknown');
    const { evidence } = await evidenceOf('Can an EU citizen apply for a studio here?');
    expect(evidence.asked.fact.subjects).toContain('EU');
    expect(evidence.questionX(0)[i]).toBe(1);
  });

  it('a place the documents never mention, beside a subject they do: refused even when the best sentences state no figure', async () => {
    const rent = await ask('Wat is de huur van een studio bij Housing First in Zwolle?');
    expect(rent.abstained).toBe(true);
    expect(rent.answer.split('\n')[0]).toBe('De documenten noemen geen huurbedrag voor Housing First in Zwolle.');
    expect(rent.answer).not.toMatch(/€ ?403/);
    const count = await ask('Hoeveel jongeren wachten op een woning in Zwolle?');
    expect(count.abstained).toBe(true);
    expect(count.answer.split('\n')[0]).toBe('De documenten noemen geen aantal jongeren voor Zwolle.');
  });
});

describe('a measure written out or not at all', () => {
  it('a phone number or an exact date the passages found do not write: refused as missing, with or without a subject', async () => {
    const i = questionFeature('fact_unstated');
    const phone = await evidenceOf('Wat is het telefoonnummer van de helpdesk voor zelfstandig wonen van jongeren?');
    expect(phone.evidence.asked.fact.subjects).toEqual([]);
    expect(phone.evidence.questionX(0)[i]).toBe(1);
    // A year near the subject is no exact date; the sentence with only a year is not quoted as one either.
    const day = await ask('Op welke datum begon het project Majella Wonen in Utrecht?');
    expect(day.abstained).toBe(true);
    expect(day.answer.split('\n')[0]).toBe('De documenten noemen geen precieze datum voor Majella Wonen in Utrecht.');
    expect(day.answer).not.toMatch(/ander onderwerp/);
    // Asked for a year, the same passages answer.
    const year = await ask('In welk jaar begon Majella Wonen in Utrecht?');
    expect(year.abstained).toBe(false);
    expect(year.answer.split('\n')[0]).toMatch(/2016/);
  });

  it('a count of a thing the documents never name: refused as missing, with or without a subject', async () => {
    const i = questionFeature('fact_unstated');
    const { evidence } = await evidenceOf('Hoeveel laadpalen voor scootmobielen heeft een woonzorgvoorziening voor jongeren?');
    expect(evidence.asked.fact.subjects).toEqual([]);
    expect(evidence.asked.countedUnused).toBe(true);
    expect(evidence.questionX(0)[i]).toBe(1);
    const refused = await ask('Hoeveel laadpalen voor scootmobielen heeft een woonzorgvoorziening voor jongeren?');
    expect(refused.abstained).toBe(true);
    expect(refused.answer.split('\n')[0]).toBe('De documenten noemen geen aantal laadpalen.');
    // About a subject they discuss, the refusal names what is missing: the question is not "about something else".
    const named = await ask('Hoeveel laadpalen heeft Start me Up?');
    expect(named.abstained).toBe(true);
    expect(named.answer.split('\n')[0]).toBe('De documenten noemen geen aantal laadpalen voor Start me Up.');
    // A count of what they do name is looked for as before.
    const counted = await evidenceOf('Hoeveel jongeren wonen er in een wooncirkel?');
    expect(counted.evidence.asked.countedUnused).toBe(false);
  });

  it('names the missing measure plainly when the question names no subject', () => {
    expect(factSentence(factQuestion('Wat is het e-mailadres van de helpdesk?'), 'nl')).toBe('De documenten noemen geen e-mailadres.');
    expect(factSentence(factQuestion('What is the phone number of the helpdesk?'), 'en')).toBe(
      'The documents do not state the phone number.',
    );
  });
});

describe('a subject the passages found never mention', () => {
  it('is refused in the question’s language, saying what is not there', async () => {
    // Nijestee and Leeuwarden are in the documents, but nowhere near what the documents say about huurzorgcontracten.
    const nl = await ask('Wat vindt Nijestee van huurzorgcontracten?');
    expect(nl.abstained).toBe(true);
    expect(nl.answer.split('\n')[0]).toBe('De documenten zeggen hierover niets in verband met Nijestee.');
    const en = await ask('What does Nijestee think of huurzorgcontracten?');
    expect(en.answer.split('\n')[0]).toBe('The documents say nothing about this in connection with Nijestee.');
    expect((await ask('Hoe werkt de risicodeling bij huurzorgcontracten in Leeuwarden?')).abstained).toBe(true);
    // Named where the documents tell about it: answered.
    expect((await ask('Hoe werkt de risicodeling bij huurzorgcontracten in Rotterdam?')).abstained).toBe(false);
  });

  it('rules nothing out when its capitals came back from the documents: a question typed in lower case', async () => {
    // The documents write "Nieuwsbrief #4" with a capital, so the lower-case question reads it as a name.
    const q =
      'Wat moeten gemeente, corporatie en zorgaanbieder afspreken over de overgang naar zelfstandig wonen, kort voor onze nieuwsbrief?';
    const { evidence } = await evidenceOf(q);
    expect(evidence.asked.fact.subjects).toContain('Nieuwsbrief');
    expect(evidence.asked.unread).toEqual([]);
    expect((await ask(q)).abstained).toBe(false);
  });
});

describe('the words of a question', () => {
  const wordsOf = async (q: string) => (await evidenceOf(q)).evidence.asked.words;

  it('keep a name with digits (Place2BU), leave out figures and years', async () => {
    const words = (await wordsOf('Place2BU had in 2020 ruim 40 bewoners. Hoeveel daarvan waren student?')).map((w) => w.word);
    expect(words).toContain('place2bu');
    expect(words).not.toContain('2020');
    expect(words).not.toContain('40');
  });

  it('weigh a word by how rare it is in everyday language, a name’s words not at all', async () => {
    const words = await wordsOf('Hoe stop ik de huur van mijn scootmobiel in Kanaleneiland?');
    const rarity = (w: string) => words.find((x) => x.word === w)!.rarity;
    expect(rarity('scootmobiel')).toBeGreaterThan(rarity('huur'));
    expect(rarity('huur')).toBeGreaterThan(rarity('stop'));
    expect(rarity('kanaleneiland')).toBe(0);
  });

  it('count another form of a word the documents use as known ("bied" of "bieden", "biedt"), an unused word not', async () => {
    const words = await wordsOf('Welke begeleiding bied je als wijkteam aan iemand met een scootmobiel?');
    expect(words.find((w) => w.word === 'bied')?.known).toBe(true);
    expect(words.find((w) => w.word === 'scootmobiel')?.known).toBe(false);
    // A verb form as empty of topic as the listed ones ("krijgen", "krijgt") is no word of the question at all.
    expect((await wordsOf('Welke begeleiding krijg ik als wijkteam?')).map((w) => w.word)).not.toContain('krijg');
  });

  it('count an English word as known when it stands in a lexicon phrase ("young" in "young person")', async () => {
    const young = (await wordsOf('Where can a young person find support?')).find((w) => w.word === 'young');
    expect(young?.known).toBe(true);
    expect(young!.specificity).toBeGreaterThan(0);
  });
});

describe('an English question in everyday words', () => {
  it('is not off-topic because the lexicon lacks its everyday words, when it asks about a term of the documents', async () => {
    // "colleague", "keeps", "saying" have no Dutch rendering; the documents are Dutch, so that says nothing either way.
    const a = await ask("A colleague keeps saying 'omklapwoning'. What does that word mean?");
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/omgeklapt/);
    const words = (await evidenceOf("A colleague keeps saying 'omklapwoning'. What does that word mean?")).evidence.asked.words;
    expect(words.find((w) => w.word === 'saying')?.specificity).toBe(0);
    // Another subject in English is still refused as such.
    const other = await ask('Do I need a permit to put a shed in my garden?');
    expect(other.abstained).toBe(true);
    expect(other.answer).toMatch(/^The documents do not cover that/);
  });

  it('finds the documents’ own word for an everyday English word ("hesitant": huiverig)', async () => {
    const a = await ask('Why are housing corporations hesitant to rent homes to this target group?');
    expect(a.abstained).toBe(false);
    expect(a.answer.split('\n')[1]).toMatch(/huiverig/);
  });

  it('weighs a word form as everyday as its word ("keeps" as "keep")', async () => {
    const words = (await evidenceOf('Who keeps the rent low?')).evidence.asked.words;
    const { generalPerMillion } = await import('../src/retrieval/general-usage.js');
    expect(generalPerMillion('keeps', 'en')).toBeGreaterThanOrEqual(generalPerMillion('keep', 'en'));
    expect(words.find((w) => w.word === 'keeps')!.rarity).toBeLessThan(1.5);
  });
});

describe('the sentences that ask', () => {
  it('are the ones with a question mark, and a last one left without it', () => {
    const asking = (q: string) => askingSentences(q).trim();
    expect(asking('Ik schrijf een notitie. Wat is een omklapwoning?')).toBe('Wat is een omklapwoning?');
    expect(asking('Wij huren eerst zelf de woning. Wanneer komt het contract op naam van de cliënt')).toBe(
      'Wanneer komt het contract op naam van de cliënt',
    );
    expect(asking('Klopt het dat jongeren vaak uit de jeugdzorg komen? Welk percentage noemt de handleiding')).toMatch(
      /Welk percentage noemt de handleiding$/,
    );
    expect(asking('Wat kost het? Graag kort.')).toBe('Wat kost het?');
    expect(asking('Ik zoek informatie over omklappen.')).toBe('Ik zoek informatie over omklappen.');
  });

  it('take along a term the member quoted before asking, and the answer model reads it as the documents’ term', async () => {
    expect(askingSentences("Iemand noemde 'omklappen'. Wat wordt daarmee bedoeld?")).toMatch(/omklappen/);
    const quoted = (q: string) => {
      const i = questionFeature('quoted_found');
      return evidenceOf(q).then(({ evidence }) => evidence.questionX(0)[i]);
    };
    expect(await quoted("Iemand noemde 'omklappen'. Wat wordt daarmee bedoeld?")).toBe(1);
    expect(await quoted("Iemand noemde 'fietsenstalling'. Wat wordt daarmee bedoeld?")).toBe(0);
    expect(await quoted('Wat wordt bedoeld met omklappen?')).toBe(0);
  });

  it('are what the question is about, not a remark after it ("Sorry voor de spelfouten …")', async () => {
    expect(withoutRemarks('Wat kost het? Graag kort.')).toBe('Wat kost het?');
    expect(withoutRemarks('Ik zoek informatie over omklappen.')).toBe('Ik zoek informatie over omklappen.');
    for (const remark of ['Sorry voor de spelfouten, typ op mijn telefoon.', 'Mijn schoonmoeder snapt er niks van.']) {
      const a = await ask(`Wat wordt er bedoeld met een huurzorgcontract? ${remark}`);
      expect(a.abstained).toBe(false);
      expect(a.answer).toMatch(/huurzorgcontract/i);
    }
  });

  it('make the same answer with or without the last question mark', async () => {
    const q = 'Klopt het dat veel dakloze jongeren eerder in de jeugdzorg zaten? Welk percentage noemen de documenten?';
    expect((await ask(q.replace(/\?$/, ''))).answer).toBe((await ask(q)).answer);
  });
});

describe('a greeting, an address and thanks', () => {
  it('ask nothing: the answer is the one to the question without them', async () => {
    for (const [greeted, bare] of [
      ['@Werktafel welke stappen kent het handelingsrepertoire? Alvast bedankt!', 'welke stappen kent het handelingsrepertoire?'],
      ['Korte vraag: welke stappen kent het handelingsrepertoire?', 'welke stappen kent het handelingsrepertoire?'],
      // Thanks after a question without its question mark: its capital starts a sentence of its own.
      [
        'hoe zorgen we dat jongeren na de jeugdzorg niet dakloos worden Dank je!',
        'hoe zorgen we dat jongeren na de jeugdzorg niet dakloos worden',
      ],
      [
        'Hoi, hoe zorgen we dat jongeren na de jeugdzorg niet dakloos worden?',
        'Hoe zorgen we dat jongeren na de jeugdzorg niet dakloos worden?',
      ],
      ['Goedemorgen allemaal, welke stappen kent het handelingsrepertoire?', 'Welke stappen kent het handelingsrepertoire?'],
      [
        'Hi team, how can a municipality prevent young people from becoming homeless after youth care?',
        'How can a municipality prevent young people from becoming homeless after youth care?',
      ],
    ]) {
      const [a, b] = [await ask(greeted), await ask(bare)];
      expect(a.abstained).toBe(false);
      expect(a.answer).toBe(b.answer);
    }
  });
});

describe('a question typed in lower case', () => {
  // All capitals is read as lower case: no capital tells a name there.
  it.each([
    ['lower case', (q: string) => q.toLowerCase()],
    ['capitals', (q: string) => q.toUpperCase()],
  ])('typed in %s, reads the documents’ names as names: the same refusal and answer as when capitalised', async (_, typed) => {
    const refused = await ask(typed('Wat is de wachttijd voor een sociale huurwoning voor jongeren in Utrecht?'));
    expect(refused.abstained).toBe(true);
    expect(refused.answer.split('\n')[0]).toBe('De documenten noemen geen wachttijd voor Utrecht.');
    const en = await ask(typed('What is the monthly rent of a studio at Start me Up?'));
    expect(en.abstained).toBe(true);
    expect(en.answer.split('\n')[0]).toBe('The documents do not state the rent for Start me Up.');
    const answered = await ask(typed('Hoeveel woonstudio’s heeft Start me Up in Alkmaar?'));
    expect(answered.abstained).toBe(false);
    expect(answered.answer).toMatch(/38 woonstudio/);
  });

  it('gets back only names the documents write with capitals, and no everyday word on its own', () => {
    const names = Names.fromTexts([
      'De gemeente werkt met Portaal samen. Ook Portaal en Mitros bouwen bij Start me Up in Alkmaar.',
      'Het project Start me Up heeft studio’s. Het Housing First model werkt. We starten met Housing First.',
      'Wij werken hier thuis. Zij werken met Portaal.',
    ]);
    expect(names.restore('hoeveel studio’s heeft start me up in alkmaar bij portaal?')).toBe(
      'hoeveel studio’s heeft Start me Up in Alkmaar bij Portaal?',
    );
    // "Housing" alone is an everyday English word; "werken" the documents write in lower case.
    expect(names.restore('is housing nodig om te werken?')).toBe('is housing nodig om te werken?');
    expect(names.restore('wat is housing first?')).toBe('wat is Housing First?');
    // An everyday word (a city's name is one in the subtitle lists) is a name when the documents write it alone.
    const places = Names.fromTexts(['Wij wonen in Amsterdam en werken met Housing First.', 'Ook in Amsterdam.', 'Hij komt uit Amsterdam.']);
    expect(places.restore('wat doet housing first in amsterdam?')).toBe('wat doet Housing First in Amsterdam?');
    expect(places.restore('is housing nodig?')).toBe('is housing nodig?');
    expect(Names.typedLower('Wat is Housing First?')).toBe(false);
    expect(Names.typedLower('Wat is housing first?')).toBe(true);
    expect(Names.typedUpper('WAT IS HOUSING FIRST?')).toBe(true);
    expect(Names.typedUpper('Is dat OK?')).toBe(false);
  });

  it('gets back a name with a possessive or opening a compound, and one after an article ("De Kade"), never an article at its end', () => {
    const names = Names.fromTexts([
      'Bij Breda in Zwolle. Breda bouwt. Ook Breda en Deventer.',
      'Zie Onze wijk De Kade voor meer. Bij de Kade wonen jongeren. Ook de Kade. Achter De Kade. Naast de Kade.',
    ]);
    expect(names.restore('hoeveel studio’s heeft breda’s project?')).toBe('hoeveel studio’s heeft Breda’s project?');
    expect(names.restore('wie betaalt de breda-subsidie?')).toBe('wie betaalt de Breda-subsidie?');
    // The documents write "de Kade" as often as "De Kade": "Kade" is the name, alone after its article; "Onze wijk De"
    // ends in one and is no name.
    expect(names.restore('hoeveel jongeren wonen in onze wijk de kade?')).toBe('hoeveel jongeren wonen in onze wijk de Kade?');
    // A name the documents write with a hyphen is read whole, not cut at the hyphen.
    const places = Names.fromTexts(['In Noord-Holland. Ook Noord-Holland en Noord-Holland.']);
    expect(places.restore('hoeveel in noord-holland?')).toBe('hoeveel in Noord-Holland?');
  });

  it('reads a word no document uses after "in", "bij", "at" as a name they never mention', async () => {
    const names = Names.fromTexts(['Pathways to Housing\nIn het onderzoek staat het. Bij Start me Up in Alkmaar en Start me Up.']);
    const known = (w: string) => ['wachttijd', 'huurwoning', 'sociale', 'alkmaar'].includes(w);
    expect(names.restore('wat is de wachttijd voor een sociale huurwoning in zwolle?', known)).toBe(
      'wat is de wachttijd voor een sociale huurwoning in Zwolle?',
    );
    // A heading run into the next sentence once ("Housing In") is no name; an everyday word is never read as a name.
    expect(names.restore('is there social housing in zwolle or in town?', known)).toBe('is there social housing in Zwolle or in town?');
    const refused = await ask('wat is de wachttijd voor een sociale huurwoning in zwolle?');
    expect(refused.abstained).toBe(true);
    expect(refused.answer.split('\n')[0]).toBe('De documenten noemen geen wachttijd voor Zwolle.');
  });
});

describe('a clause after a colon', () => {
  it('does not read its first capital as a name ("Snelle vraag: Ongeveer hoeveel …?")', async () => {
    // "Roughly" is no word of the documents: read as a name, it made the question about something they never mention.
    const en = await ask('Quick one: Roughly how many studios does Start me Up in Alkmaar have?');
    expect(en.abstained).toBe(false);
    expect(factQuestion('Snelle vraag: Ongeveer hoeveel woonstudio’s heeft Start me Up in Alkmaar?').subjects).not.toContain('Ongeveer');
    const nl = await ask('Snelle vraag: Ongeveer hoeveel woonstudio’s heeft Start me Up in Alkmaar?');
    expect(nl.abstained).toBe(false);
    expect(nl.answer).toMatch(/38 woonstudio/);
  });
});

describe('a name in a question', () => {
  const known = (w: string) => ['alkmaar', 'groningen', 'corporatie'].includes(w);

  it('is the place when the member writes its adjective ("Alkmaarse", "Groningse"), not a place the documents never mention', () => {
    expect(factQuestion('Hoeveel woningen heeft de Alkmaarse corporatie gebouwd?', known)).toMatchObject({
      subjects: ['Alkmaarse'],
      absent: [],
    });
    expect(factQuestion('Hoeveel woningen heeft de Groningse corporatie gebouwd?', known).absent).toEqual([]);
    expect(factQuestion('Hoeveel woningen heeft de Zwitserse corporatie gebouwd?', known).absent).toEqual(['Zwitserse']);
  });

  it('is the documents’ name for an English one the lexicon renders ("The Hague": Den Haag), not a place they never mention', async () => {
    const q = factQuestion('How many young people wait for a home in The Hague?', (w) => ['den', 'haag', 'home'].includes(w));
    expect(q).toMatchObject({ subjects: ['Den Haag'], absent: [], counted: 'young people' });
    // Den Haag's rate per client is in the documents; a count of its young people is not.
    const rate = await ask('How much does The Hague pay a care provider per client?');
    expect(rate.abstained).toBe(false);
    expect(rate.answer).toMatch(/€ 478/);
    // Its first line gives the figure in the documents' words, before the Dutch quote.
    expect(rate.answer.split('\n')[0]).toBe('In short: € 478,- per cliënt per vier weken [1]. From the documents (quoted in Dutch):');
    const count = await ask('How many young people wait for a home in The Hague?');
    expect(count.abstained).toBe(true);
    expect(count.answer.split('\n')[0]).toBe('The documents do not state the number of young people for Den Haag.');
  });

  it('does not start with the function word that opens the sentence ("For Start me Up …")', async () => {
    expect(factQuestion('For Start me Up in Alkmaar, how many studios were built?').subjects).toEqual(['Start', 'Up', 'Alkmaar']);
    expect(factQuestion('Bij Woonwaard in Alkmaar, hoeveel studio’s zijn er?').subjects).toEqual(['Woonwaard', 'Alkmaar']);
    const a = await ask('For Start me Up in Alkmaar, how many studios were built?');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/38 woonstudio/);
  });

  it('is quoted as a sentence states it, with its range and units, for an English question’s first line', () => {
    const figure = (question: string, sentence: string) => statedFigure(factQuestion(question), sentence, 'nl');
    expect(figure('Hoeveel laadpalen heeft Zwolle?', 'In Zwolle staan sinds 2021 24 laadpalen voor scootmobielen.')).toBe('24 laadpalen');
    expect(figure('Hoeveel bewoners heeft De Kade?', 'De Kade heeft 12-16 bewoners.')).toBe('12-16 bewoners');
    expect(figure('Voor welke leeftijd is De Kade?', 'De kamers zijn voor jongeren tussen 18 en 23 jaar.')).toBe('tussen 18 en 23 jaar');
    expect(figure('Voor welke leeftijd is De Kade?', 'De kamers zijn voor jongeren van 16-27 jaar.')).toBe('16-27 jaar');
    expect(
      figure('Hoe lang duurt de proefperiode in Breda?', 'De proefperiode duurt twee tot drie jaar. Daarna volgt een gewoon contract.'),
    ).toBe('twee tot drie jaar');
    expect(figure('Hoe lang duurt de proefperiode in Breda?', 'De proefperiode duurt drie à vier maanden.')).toBe('drie à vier maanden');
    expect(figure('Wat kost een plek in De Kade?', 'Een plek in De Kade kost € 1.250,- per maand, inclusief begeleiding.')).toBe(
      '€ 1.250,- per maand',
    );
    expect(figure('Wat kost een plek in De Kade?', 'De gemeente betaalt € 95 per bewoner per twee weken.')).toBe(
      '€ 95 per bewoner per twee weken',
    );
    expect(figure('Wat is de huur in De Kade?', 'De huur varieert van 450 euro voor een kamer tot 600 euro voor een studio.')).toBe(
      'van 450 euro voor een kamer tot 600 euro',
    );
    expect(figure('Wat is de huur in De Kade?', 'De Kade rekent een huur van 450 euro, tot de subsidie stopt.')).toBe('450 euro');
    expect(figure('Wat is de huur in De Kade?', 'De Kade rekent een huur van 450 euro per maand tot 2027.')).toBe('450 euro per maand');
    // A share in words is no figure to quote on its own; a sentence without the asked kind of fact has none.
    expect(
      figure('Welk percentage van de huurders in Deventer heeft begeleiding?', 'De helft van de huurders heeft begeleiding.'),
    ).toBeUndefined();
    expect(figure('Hoeveel laadpalen heeft Zwolle?', 'Zwolle plaatst laadpalen bij de ingang.')).toBeUndefined();
  });

  it('is an age only where a sentence says whose age, not for a period counted in years', () => {
    const figure = (question: string, sentence: string) => statedFigure(factQuestion(question), sentence, 'nl');
    const age = 'Voor welke leeftijd zijn de kamers in De Kade?';
    expect(figure(age, 'De corporatie rekent voor De Kade met een looptijd van 40 jaar.')).toBeUndefined();
    expect(figure(age, 'Na 4 jaar wordt De Kade geëvalueerd.')).toBeUndefined();
    expect(figure(age, 'De kamers zijn voor bewoners van 18 jaar en ouder.')).toBe('18 jaar en ouder');
    expect(figure(age, 'De kamers zijn voor jongeren tot 24 jaar.')).toBe('tot 24 jaar');
    expect(figure(age, 'De kamers zijn voor 18-jarigen die de jeugdzorg verlaten.')).toBe('18-jarigen');
    expect(figure(age, 'De kamers zijn voor jongeren tussen 17 en 24 jaar.')).toBe('tussen 17 en 24 jaar');
  });

  it('is stated, for the refusal rule, by a share of the counted noun ("twee derde van de huurders", "40% van de jongeren")', () => {
    const q = factQuestion('Hoeveel huurders in Deventer hebben begeleiding?');
    const count = countPattern(q, 'nl', true)!;
    for (const said of ['twee derde van de huurders', '40 procent van de huurders', '40% van alle huurders', 'de helft van de huurders'])
      expect(count.test(fold(said))).toBe(true);
    expect(count.test(fold('twee derde van de woningen'))).toBe(false);
    expect(count.test(fold('de helft van de tijd met huurders'))).toBe(false);
    // It keeps the question from a refusal, but the sentence that gives the number still leads the answer.
    expect(countPattern(q, 'nl')!.test(fold('twee derde van de huurders'))).toBe(false);
    expect(countPattern(q, 'nl')!.test(fold('er wonen 40 huurders'))).toBe(true);
  });
});

describe('the kind of fact asked', () => {
  const kinds = (q: string) => factQuestion(q).kinds;

  it('is a person’s name only for an office, not for who is responsible', () => {
    expect(kinds('Wie is op dit moment de wethouder wonen in Breda?')).toEqual(['person']);
    expect(kinds('Who is the mayor of Breda?')).toEqual(['person']);
    expect(kinds('Wie is daarvoor aan zet in Breda?')).toEqual([]);
    expect(kinds('Who is responsible for the support in Breda?')).toEqual([]);
  });

  it('is time, not money, when the question asks how much time something costs', () => {
    expect(kinds('Hoeveel tijd kost de begeleiding in Breda per week?')).toEqual(['duration']);
    expect(kinds('How much time does the support in Breda take?')).toEqual(['duration']);
    expect(kinds('Hoeveel kost de begeleiding in Breda per week?')).toEqual(['money']);
  });

  it('is money when the question asks how much someone paid, spent or invested', () => {
    expect(kinds('Hoeveel heeft de gemeente Breda in de woningen geïnvesteerd?')).toEqual(['money']);
    expect(kinds('How much does Breda pay the care provider each year?')).toEqual(['money']);
    expect(kinds('Hoeveel jongeren wonen er in Breda?')).toEqual(['count']);
  });

  it('is money for an income, a benefit or a lump sum', () => {
    expect(kinds('Hoe hoog is de uitkering van een jongere in Breda?')).toEqual(['money']);
    expect(kinds('How much income does a young tenant in Breda have left?')).toEqual(['money']);
    expect(kinds('How large is the lump sum Breda pays the care provider?')).toEqual(['money']);
  });

  it('is money for a rate that is paid or charged per client, not for a rate as a share', () => {
    expect(kinds('What rate does Breda pay the care provider per tenant?')).toEqual(['money']);
    expect(kinds('Which hourly rate do the coaches in Breda charge?')).toEqual(['money']);
    expect(kinds('What is the success rate of the Breda project?')).toEqual([]);
  });

  it('is a rating for a score with a word before it, a date for when something happened or will', () => {
    expect(kinds('Welk gemiddeld rapportcijfer geven de bewoners in Breda?')).toEqual(['rating']);
    expect(kinds('What satisfaction score did the Breda tenants give?')).toEqual(['rating']);
    expect(kinds('When was the Breda project started?')).toEqual(['date']);
    expect(kinds('Which organisation started the Breda project, and when?')).toEqual(['date']);
    expect(kinds('Wanneer werd het project in Breda gestart?')).toEqual(['date']);
    // "When" as "in which case" asks no date.
    expect(kinds('When a young person in Breda turns 18, who pays for the support?')).toEqual([]);
  });

  it('is a frequency for how often, stated as times per period', () => {
    expect(kinds('Hoe vaak komt de stuurgroep in Breda bij elkaar?')).toEqual(['frequency']);
    expect(kinds('How many times a year does the Breda steering group meet?')).toEqual(['frequency']);
    expect(kinds('Hoe lang duurt een huisbezoek in Breda en hoe vaak is het?')).toEqual(['duration', 'frequency']);
    const states = factEvidence('frequency');
    for (const s of [
      'De coach komt 2x per week langs.',
      'Zij overleggen iedere drie weken.',
      'een maandelijkse lunch',
      'Het team komt eenmaal per jaar samen.',
    ])
      expect(states.test(s)).toBe(true);
    // A rate of pay or hours of availability is no frequency.
    for (const s of ['Begeleiding is 24 uur per dag beschikbaar.', 'Een plek kost € 30.000 per jaar.']) expect(states.test(s)).toBe(false);
  });

  it('is money for what someone pays per period or a size asked in euros, a duration for hours', () => {
    expect(kinds('Wat betalen de bewoners in Breda per maand voor een kamer?')).toEqual(['money']);
    expect(kinds('What do the tenants in Breda pay per month?')).toEqual(['money']);
    expect(kinds('How large is the Breda fund, in euros?')).toEqual(['money']);
    // Who pays what for is no amount asked.
    expect(kinds('Wie betaalt de huur in Breda en wat betaalt de bewoner zelf?')).toEqual([]);
    expect(kinds('Hoeveel uur begeleiding krijgt een bewoner in Breda per week?')).toEqual(['duration']);
    expect(kinds('How many hours of support a week do the tenants in Breda get?')).toEqual(['duration']);
  });

  it('is an area for the size of a home, not for the size of a group', () => {
    expect(kinds('How big is a studio at the Breda project?')).toEqual(['area']);
    expect(kinds('How big is the steering group in Breda?')).toEqual([]);
  });

  it('is an age for an age group, and a duration only when the waiting time is asked for', () => {
    expect(kinds('Voor welke leeftijdsgroep is het project in Breda bedoeld?')).toEqual(['age']);
    expect(kinds('Which age group is the Breda project for?')).toEqual(['age']);
    expect(kinds('Wat is de wachttijd voor een studio in Breda?')).toEqual(['duration']);
    expect(kinds('Telt de tijd in de opvang in Breda mee voor de wachttijd?')).toEqual([]);
  });

  it('is a count of the thing asked, in any of its Dutch renderings ("units": woningen, wooneenheden)', () => {
    const count = countPattern(factQuestion('How many units did each care provider in Breda get?'), 'en')!;
    expect(count.test('zij kregen elk vier woningen')).toBe(true);
    expect(count.test('er kwamen 30 wooneenheden bij')).toBe(true);
    expect(count.test('zij kregen elk vier begeleiders')).toBe(false);
  });
});

describe('a count', () => {
  it('is stated by a compound whose head is the counted noun ("38 woonstudio’s" for "hoeveel studio’s")', async () => {
    const count = countPattern(factQuestion('Hoeveel studio’s heeft Start me Up?'), 'nl')!;
    expect(count.test('het gebouw heeft 38 woonstudio’s')).toBe(true);
    expect(count.test('het gebouw heeft 38 kamers')).toBe(false);
    const a = await ask('Hoeveel studio’s heeft Start me Up in Alkmaar?');
    expect(a.abstained).toBe(false);
    expect(a.answer).toMatch(/38 woonstudio/);
  });

  it('of homes is stated by a count of a kind of home ("120 eenkamerappartementen", "40 wooneenheden")', () => {
    const count = countPattern(factQuestion('Hoeveel woningen telt De Kade in Zwolle?'), 'nl')!;
    expect(count.test(fold('er staan 120 eenkamerappartementen'))).toBe(true);
    expect(count.test(fold('er kwamen 40 wooneenheden bij'))).toBe(true);
    expect(count.test(fold('er werken 12 begeleiders'))).toBe(false);
    // A place's kinds are not a home's: twenty beds say how many places there are.
    expect(countPattern(factQuestion('Hoeveel plekken heeft De Kade in Zwolle?'), 'nl')!.test(fold('er zijn twintig bedden'))).toBe(true);
  });

  it('of people is stated by a count of a kind of person ("24 cliënten" for "hoeveel mensen", "how many people")', () => {
    const count = countPattern(factQuestion('Hoeveel mensen wonen er bij De Kade in Zwolle?'), 'nl')!;
    expect(count.test(fold('er wonen 24 cliënten met begeleiding'))).toBe(true);
    expect(count.test(fold('er wonen 24 jongeren'))).toBe(true);
    expect(count.test(fold('er staan 24 woningen'))).toBe(false);
    // An English plural without an s is counted by its Dutch rendering's kinds too.
    const people = factQuestion('How many people live at De Kade in Zwolle?');
    expect(people.counted).toBe('people');
    expect(countPattern(people, 'en')!.test(fold('er wonen 24 bewoners'))).toBe(true);
  });

  it('that a name other than the asked one owns is that name’s ("de tien woningen van het project Brabantpark")', () => {
    const q = factQuestion('Hoeveel woningen telt De Kade in Zwolle?');
    const count = countPattern(q, 'nl')!;
    expect(statesAsked(count, q, 'De Kade staat naast de tien woningen van het project Brabantpark.')).toBe(false);
    expect(statesAsked(count, q, 'De Kade telt tien woningen van de corporatie.')).toBe(true);
    expect(statesAsked(count, q, 'In Zwolle zijn de tien woningen van De Kade klaar.')).toBe(true);
    // A question that names nothing has no other name.
    const plain = factQuestion('Hoeveel woningen heeft zo’n project meestal?');
    expect(statesAsked(countPattern(plain, 'nl')!, plain, 'Er staan de tien woningen van het project Brabantpark.')).toBe(true);
  });

  it('of homes leads with the asked project’s own count, not a neighbour’s that its sentence names', async () => {
    const a = await ask('Hoeveel woningen telt Place2BU?');
    expect(a.abstained).toBe(false);
    expect(a.answer.split('\n')[0]).toMatch(/490 eenkamerstudio/);
    expect(a.answer.split('\n')[0]).not.toMatch(/^De gebouwen van Place2BU zijn tegen de acht woningen/);
  });
});

describe('a document named as the source', () => {
  it('is the one document all the names fit, written apart or joined ("the VNG guide", "de OZJ-handleiding")', async () => {
    const guide = 'vng-handreiking-woonzorg-jongeren-2022';
    const manual = 'ozj-zelfstandige-huisvesting-jongeren-jeugdzorg-2021';
    expect([...namedDocuments('What does the VNG guide say about neighbourhood teams?')]).toEqual([guide]);
    expect([...namedDocuments('Wat zegt de OZJ-handleiding over wijkteams?')]).toEqual([manual]);
    expect([...namedDocuments('Wat zegt de VNG-handreiking over wijkteams?')]).toEqual([guide]);
    // Names that fit no one document together stand for each.
    expect(namedDocuments('Zeggen de handleiding en het rapport iets over wijkteams?').size).toBe(2);
    const a = await ask('Waar gaat de OZJ-handleiding over?');
    expect(a.answer).toMatch(/Eigen Stek/);
    expect(a.answer).not.toMatch(/Corpovenista|Zo doen we dat/);
  });

  it('is where to look, not what the question is about ("volgens het Corpovenista-rapport")', async () => {
    for (const question of [
      'Hoeveel daklozen telt Nederland volgens het Corpovenista-rapport?',
      'How many people are in shelters according to Corpovenista?',
    ]) {
      const a = await ask(question);
      expect(a.abstained, question).toBe(false);
      expect(a.answer).toMatch(/25\.000|60\.000/);
    }
    expect(factQuestion('What does the Corpovenista report say about the number of homeless people in Utrecht?').subjects).toEqual([
      'Utrecht',
    ]);
    expect(factQuestion('Hoeveel jongeren noemt de OZJ-handleiding voor Alkmaar?').subjects).toEqual(['Alkmaar']);
    // Before a noun it says whose that is: the document's ("the OZJ comparison", "de Corpovenista cijfers").
    expect(factQuestion('What is the yearly cost of a place in the OZJ comparison?').subjects).toEqual([]);
    expect(factQuestion('Hoeveel woningen noemen de Corpovenista cijfers voor Zwolle?').subjects).toEqual(['Zwolle']);
    // The publisher as what is asked about stays a subject.
    expect(factQuestion('Wie is de directeur van Corpovenista?').subjects).toEqual(['Corpovenista']);
  });
});

describe('a fact stated for the asked subject', () => {
  const sentence = (text: string) => ({ text, kind: 'content' as const });
  const source = (lines: [number, number], section: string, ...texts: string[]): Source => ({
    n: 1,
    sentences: texts.map(sentence),
    score: 1,
    matched: [],
    section,
    document: 'verslag',
    lines,
  });
  const named = source([10, 14], '3 Voorbeelden > 3.1 Wonen in Zwolle', 'In Zwolle werken de gemeente en twee corporaties samen.');
  const specificQuestion = QUESTION_FEATURES.map((f) => (f.name === 'specific' ? 1 : 0));

  it('may stand a few paragraphs after the passage that names the subject', () => {
    const q = factQuestion('Hoeveel woningen zijn er in Zwolle gebouwd?');
    expect(
      statesFact(q, [named, source([30, 34], '3 Voorbeelden > 3.1 Wonen in Zwolle > Werkwijze', 'Er zijn 40 woningen gebouwd.')]),
    ).toBe(true);
    // A heading that names the programme the passages share is the same section.
    const programme = '3 Voorbeelden > 3.1 Programma Thuis in de Wijk';
    const intro = source([10, 14], programme, 'In Zwolle werken de gemeente en twee corporaties samen.');
    expect(statesFact(q, [intro, source([30, 34], programme, 'Er zijn 40 woningen gebouwd.')])).toBe(true);
  });

  it('names its document’s publisher: a question that cites the report is asked of the report’s passages', () => {
    const q = factQuestion('Hoeveel woningen zijn er volgens Platform Wonen in Zwolle gebouwd?');
    expect(q.subjects).toEqual(['Platform Wonen', 'Zwolle']);
    const built = source([10, 14], 'Wonen in Zwolle', 'In Zwolle zijn 40 woningen gebouwd.');
    expect(statesFact(q, [built])).toBe(false);
    expect(statesFact(q, [{ ...built, title: 'Platform Wonen: bouwen in de wijk' }])).toBe(true);
  });

  it('is read with the passages near it: a count two passages after the case’s name is the case’s own, not another’s', () => {
    const q = factQuestion('Hoeveel woningen zijn er in Zwolle gebouwd?');
    const asked = { lang: 'nl', kind: 'open', fact: q, terms: new Map(), askedTerms: new Map() } as unknown as Asked;
    const built = (section: string) => source([30, 34], section, 'Er zijn 40 woningen gebouwd.');
    const countOf = (passages: Source[]) => candidates(asked, passages, [1, 1], 2).find((c) => /40 woningen/.test(c.text))!;
    const own = countOf([named, built('3 Voorbeelden > 3.1 Wonen in Zwolle > Werkwijze')]);
    expect(own.x[sentenceFeature('fact')]).toBe(1);
    expect(own.x[sentenceFeature('subject_absent')]).toBe(0);
    expect(statesOthersFact(specificQuestion, own.x)).toBe(false);
    // Under a heading that names another example it is that one's: an answer led by it is refused.
    const next = countOf([named, built('3 Voorbeelden > 3.2 Wonen in Deventer')]);
    expect(next.x[sentenceFeature('subject_absent')]).toBe(1);
    expect(statesOthersFact(specificQuestion, next.x)).toBe(true);
  });

  it('is another’s when its own heading names something else (the next example)', () => {
    const q = factQuestion('Hoeveel woningen zijn er in Zwolle gebouwd?');
    const next = source([30, 34], '3 Voorbeelden > 3.2 Wonen in Deventer', 'Er zijn 40 woningen gebouwd.');
    expect(statesFact(q, [named, next])).toBe(false);
  });

  it('is a number of hours when hours are asked, not any duration', () => {
    const q = factQuestion('Hoeveel uur begeleiding per week krijgt een bewoner in Zwolle?');
    expect(q.measure).toBe('hours');
    expect(statesFact(q, [source([10, 14], 'Wonen in Zwolle', 'In Zwolle duurt de begeleiding een jaar.')])).toBe(false);
    expect(statesFact(q, [source([10, 14], 'Wonen in Zwolle', 'In Zwolle krijgt een bewoner 6 uur begeleiding per week.')])).toBe(true);
    expect(factSentence(q, 'nl')).toBe('De documenten noemen geen aantal uren voor Zwolle.');
  });

  it('is a year said of the event asked: a start for a founding year, an end for a completion date', () => {
    const founded = factQuestion('In welk jaar is De Kade in Zwolle opgericht?');
    expect([founded.kind, founded.measure]).toEqual(['date', 'start']);
    const moved = source([10, 14], 'Wonen in Zwolle', 'De Kade in Zwolle kreeg in 2019 een nieuw pand.');
    expect(statesFact(founded, [moved])).toBe(false);
    expect(statesFact(founded, [source([10, 14], 'Wonen in Zwolle', 'De Kade in Zwolle is in 2012 opgericht.')])).toBe(true);
    expect(statesFact(founded, [source([10, 14], 'Wonen in Zwolle', 'De Kade in Zwolle bestaat sinds 2012.')])).toBe(true);
    expect(factSentence(founded, 'nl')).toBe('De documenten noemen geen startdatum voor De Kade in Zwolle.');

    const ready = factQuestion('Wanneer worden de woningen van De Kade in Zwolle opgeleverd?');
    expect([ready.kind, ready.measure]).toEqual(['date', 'end']);
    expect(statesFact(ready, [moved])).toBe(false);
    expect(statesFact(ready, [source([10, 14], 'Wonen in Zwolle', 'De woningen van De Kade in Zwolle zijn eind 2025 klaar.')])).toBe(true);
    expect(factSentence(ready, 'en')).toBe('The documents do not state the end date for De Kade in Zwolle.');
    // A year asked without an event is any date said of the subject.
    expect(factQuestion('In welk jaar verhuisde De Kade in Zwolle?').measure).toBeUndefined();
  });

  it('is a figure per the period asked: a yearly cost is not stated by a cost per four weeks', () => {
    const yearly = factQuestion('Wat kost De Kade in Zwolle per cliënt per jaar?');
    expect(yearly.period).toBe('year');
    const weeks = source([10, 14], 'Wonen in Zwolle', 'De Kade in Zwolle kost € 480 per cliënt per vier weken.');
    expect(statesFact(yearly, [weeks])).toBe(false);
    expect(statesFact(yearly, [source([10, 14], 'Wonen in Zwolle', 'De Kade in Zwolle kost € 6.000 per cliënt per jaar.')])).toBe(true);
    expect(statesFact(yearly, [source([10, 14], 'Wonen in Zwolle', 'Jaarlijks kost De Kade in Zwolle € 6.000.')])).toBe(true);
    // A rent is monthly unless it says otherwise.
    const rent = factQuestion('Hoeveel huur per maand betaalt een jongere bij De Kade in Zwolle?');
    expect(rent.period).toBe('month');
    expect(statesFact(rent, [source([10, 14], 'Wonen in Zwolle', 'De huur bij De Kade in Zwolle is € 450.')])).toBe(true);
    // A frequency names its period itself, and a point in time is no period.
    expect(factQuestion('Hoe vaak per jaar overlegt de stuurgroep in Zwolle?').period).toBeUndefined();
    expect(factQuestion('What share of the residents of De Kade in Zwolle still had a home after a year?').period).toBeUndefined();
  });

  it('refuses a start year the documents do not give, though they date other things near the subject', async () => {
    const a = await ask('Wanneer is Start me Up in Alkmaar gestart?');
    expect(a.abstained).toBe(true);
    expect(a.answer).toMatch(/^De documenten noemen geen startdatum voor Start me Up in Alkmaar\./);
  });

  it('is not a figure dated by another year than the one asked ("in 2018 …" for 2019)', () => {
    const q = factQuestion('Hoeveel jongeren woonden er in 2019 bij De Kade in Zwolle?');
    const dated = (text: string) => statesFact(q, [{ ...source([10, 14], 'Wonen in Zwolle', text), title: 'Jaarverslag Zwolle 2019' }]);
    expect(dated('In 2018 woonden er 40 jongeren bij De Kade in Zwolle.')).toBe(false);
    expect(dated('In 2019 woonden er 40 jongeren bij De Kade in Zwolle.')).toBe(true);
    // Undated, it is of the year its report was written in.
    expect(dated('Bij De Kade in Zwolle wonen 40 jongeren.')).toBe(true);
  });

  it('is no count or date when its only number is the year the question names', () => {
    const q = factQuestion('Hoeveel zijn er sinds 2019 in Zwolle gehuisvest?');
    const started = source([10, 14], 'Wonen in Zwolle', 'Het project in Zwolle startte in 2019.');
    expect(statesFact(q, [started])).toBe(false);
    expect(statesFact(q, [source([10, 14], 'Wonen in Zwolle', 'In Zwolle zijn sinds 2019 al 60 jongeren gehuisvest.')])).toBe(true);
  });

  it('is a date said of the subject in its own sentence or under its own heading, not a year a few sentences on', () => {
    const q = factQuestion('In welk jaar opende De Kade in Zwolle?');
    expect(q.kind).toBe('date');
    // The passage names De Kade, but its year dates the municipality's choice of the neighbourhood.
    const section = '3 Voorbeelden > 3.1 Wonen en zorg';
    const other = source([10, 14], section, 'De Kade in Zwolle biedt jongeren een studio.', 'In 2018 koos de gemeente de wijk uit.');
    expect(statesFact(q, [other])).toBe(false);
    expect(statesFact(q, [source([10, 14], section, 'De Kade in Zwolle opende in 2018 zijn deuren.')])).toBe(true);
    expect(statesFact(q, [source([10, 14], '3 Voorbeelden > 3.1 De Kade in Zwolle', 'Het project opende in 2018.')])).toBe(true);
    expect(factSentence(q, 'nl')).toMatch(/^De documenten noemen geen .+ voor De Kade in Zwolle\.$/);
  });
});

describe('says what is missing', () => {
  it('finds a person’s name by its capitals, not any word after an office', () => {
    const person = factEvidence('person');
    expect(person.test('De wethouder Jansen opende het project.')).toBe(true);
    expect(person.test('Wethouder Jansen opende het project.')).toBe(true);
    expect(person.test('De wethouder heeft het project geopend.')).toBe(false);
  });

  it('reads an age range as an age, not as how long something lasts', async () => {
    const duration = factEvidence('duration');
    expect(duration.test('bestemd voor jongeren tussen 18 en 23 jaar')).toBe(false);
    expect(duration.test('dak- en thuislozen (waaronder jongeren tussen 18-27 jaar)')).toBe(false);
    expect(duration.test('de wachttijd is drie tot vijf jaar')).toBe(true);
    expect(duration.test('voor een periode van zes weken')).toBe(true);
    // The passage names the ages first and the length of stay after them: the answer leads with the length of stay.
    for (const q of [
      'Hoe lang verblijven jongeren in de crisisnachtopvang in Rotterdam?',
      'How long can young people stay in the Rotterdam crisis night shelter?',
    ]) {
      const a = await ask(q);
      expect(a.abstained).toBe(false);
      expect(a.answer.split('\n').find((l) => !/From the documents \(quoted in Dutch\):$/.test(l))).toMatch(/zes weken/);
    }
  });

  it('reads "op naam van" as whose contract it is, not as asking a name', () => {
    expect(factQuestion('Welke regels gelden zolang het huurcontract op naam van de zorgaanbieder in Breda staat?').kinds).toEqual([]);
    expect(factQuestion('What rules apply while the lease is in the name of the care provider in Breda?').kinds).toEqual([]);
    expect(factQuestion('Wat is de naam van de wethouder in Breda?').kinds).toEqual(['person']);
  });

  it('names the fact and the subject in one sentence', () => {
    const q = factQuestion('Hoeveel deelnemers doen er mee aan Housing First in Breda?');
    expect(q.kind).toBe('count');
    const cases: [string, 'nl' | 'en', string][] = [
      [
        'Hoeveel deelnemers doen er mee aan Housing First in Breda?',
        'nl',
        'De documenten noemen geen aantal deelnemers voor Housing First in Breda.',
      ],
      ['What is the monthly rent of a studio at Start me Up?', 'en', 'The documents do not state the rent for Start me Up.'],
      // "hoeveel" before a percentage, a duration or money asks for that measure, not for a number of things.
      [
        'Hoeveel procent van de jongeren in Helmond heeft een eigen huurcontract?',
        'nl',
        'De documenten noemen geen percentage voor Helmond.',
      ],
      [
        'Hoeveel jaar mag een jongere bij Start me Up in Alkmaar wonen?',
        'nl',
        'De documenten noemen geen duur voor Start me Up in Alkmaar.',
      ],
      [
        'How many months can a young person stay at Start me Up in Alkmaar?',
        'en',
        'The documents do not state the duration for Start me Up in Alkmaar.',
      ],
      // Words between two subjects that hold a verb are not a subject: the subjects are named on their own.
      [
        'Which alderman in Groningen is responsible for Housing First?',
        'en',
        'The documents do not state the name for Groningen and Housing First.',
      ],
      ['Welke wethouder in Zoetermeer heeft in 2020 de huur verlaagd?', 'nl', 'De documenten noemen geen naam voor Zoetermeer en 2020.'],
      // The counted noun as the member wrote it, with its 's.
      ["Hoeveel studio's heeft De Kade in Zwolle?", 'nl', "De documenten noemen geen aantal studio's voor De Kade in Zwolle."],
      // A phone number or an exact date is named as what it is, not as contact details or a year.
      ['Wat is het telefoonnummer van het wijkteam in Deventer?', 'nl', 'De documenten noemen geen telefoonnummer voor Deventer.'],
      ['On what date did the pilot in Deventer end?', 'en', 'The documents do not state the exact date for Deventer.'],
      // Asked for the exact or precise date: the same measure.
      ['On what exact date did the pilot in Deventer end?', 'en', 'The documents do not state the exact date for Deventer.'],
      ['Op welke precieze datum stopte de pilot in Deventer?', 'nl', 'De documenten noemen geen precieze datum voor Deventer.'],
    ];
    for (const [question, lang, sentence] of cases) expect(factSentence(factQuestion(question), lang)).toBe(sentence);
    // A place named with "aan den" is one name.
    expect(factQuestion('Hoeveel studio’s heeft Alphen aan den Rijn?').subjects).toEqual(['Alphen aan den Rijn']);
  });

  // The subject as the question names it: an opening verb is no part of it; an article before it, or before the noun
  // after it, goes with it, and so does the English noun after a name the article stands before (never a verb), and the
  // noun a place's adjective describes.
  it.each([
    ['How many homes are there in the Deventer region?', 'The documents do not state the number of homes for the Deventer region.'],
    ['How much rent do tenants at the Deventer project pay?', 'The documents do not state the rent for the Deventer project.'],
    ['How much does a studio at De Kade in Zwolle cost per month?', 'The documents do not state the cost for De Kade in Zwolle.'],
    [
      'How many young people does the Salvation Army house?',
      'The documents do not state the number of young people for the Salvation Army.',
    ],
    ['Werkt Breda ook met een wachtlijst, en hoeveel jongeren staan erop?', 'De documenten noemen geen aantal jongeren voor Breda.'],
    [
      'How many young people wait for Start me Up in the Breda region?',
      'The documents do not state the number of young people for Start me Up in the Breda region.',
    ],
    ['How many homeless people live in the Netherlands?', 'The documents do not state the number of homeless people for the Netherlands.'],
    [
      'Welk percentage van de Bredase huurzorgcontracten is na afloop omgeklapt?',
      'De documenten noemen geen percentage voor de Bredase huurzorgcontracten.',
    ],
  ])('names the subject as the question does: %s', (question, sentence) => {
    expect(factSentence(factQuestion(question), detectLanguage(question))).toBe(sentence);
  });

  // The missing-fact sentence names the measure asked: a rent is no "aantal", a waiting time no "bedrag".
  it.each([
    ['Hoeveel huur betalen jongeren in Helmond?', 'De documenten noemen geen huurbedrag voor Helmond.'],
    ['How much rent do young people pay in Helmond?', 'The documents do not state the rent for Helmond.'],
    ['What rent do young people pay in Helmond?', 'The documents do not state the rent for Helmond.'],
    ['Hoeveel kost een plek bij Housing First in Helmond?', 'De documenten noemen geen kosten voor Housing First in Helmond.'],
    ['What does a place in Housing First in Helmond cost?', 'The documents do not state the cost for Housing First in Helmond.'],
    [
      'Welk percentage van de sociale huurwoningen in Helmond wordt toegewezen aan jongeren?',
      'De documenten noemen geen percentage voor Helmond.',
    ],
    ['What percentage of the homes in Helmond go to young people?', 'The documents do not state the percentage for Helmond.'],
    ['Hoeveel maanden begeleiding krijgen jongeren in Helmond?', 'De documenten noemen geen duur voor Helmond.'],
    [
      'How long does Housing First in Helmond support a young person?',
      'The documents do not state the duration for Housing First in Helmond.',
    ],
    ['Hoe lang wachten jongeren in Helmond op een woning?', 'De documenten noemen geen wachttijd voor Helmond.'],
    ['What is the waiting time for a home in Helmond?', 'The documents do not state the waiting time for Helmond.'],
    ['Hoeveel huurwoningen heeft Housing First in Breda?', 'De documenten noemen geen aantal huurwoningen voor Housing First in Breda.'],
    [
      'How many participants does Housing First in Helmond have?',
      'The documents do not state the number of participants for Housing First in Helmond.',
    ],
    [
      'Hoeveel vierkante meter heeft een studio van Housing First in Breda?',
      'De documenten noemen geen oppervlakte voor Housing First in Breda.',
    ],
    [
      'How many square metres is a studio of Housing First in Breda?',
      'The documents do not state the floor area for Housing First in Breda.',
    ],
  ])('%s → names the measure asked', async (question, sentence) => {
    const a = await ask(question);
    expect(a.abstained).toBe(true);
    expect(a.answer.split('\n')[0]).toBe(sentence);
  });

  it('never claims a fact is missing that a passage states with the subject, when the evidence is refused as too weak', async () => {
    // A gate that refuses everything: the refusal then says only that it cannot answer reliably.
    const model = answerModel();
    const refusing = createAnswerer(app.db, app.services.config, undefined, {
      ...model,
      answerable: { ...model.answerable, threshold: 1.01 },
    });
    const stated = await refusing.answer('Hoeveel woonstudio’s heeft Start me Up in Alkmaar?', { k: 5 });
    expect(stated.abstained).toBe(true);
    expect(stated.answer.split('\n')[0]).toBe(
      'Dat staat niet in de documenten die ik ken, dus daar kan ik geen betrouwbaar antwoord op geven.',
    );
    const missing = await refusing.answer('Hoeveel deelnemers telt Housing First in Breda?', { k: 5 });
    expect(missing.answer.split('\n')[0]).toBe('De documenten noemen geen aantal deelnemers voor Housing First in Breda.');
  });

  it('abstains with that sentence when the documents discuss the subject without the fact', async () => {
    const a = await ask('Hoeveel deelnemers telt Housing First in Breda op dit moment?');
    expect(a.abstained).toBe(true);
    expect(a.answer.split('\n')[0]).toBe('De documenten noemen geen aantal deelnemers voor Housing First in Breda.');
    // The nearest passages follow as "Zie ook" (labels, at most two), under the text, not in it; only what the text
    // cites is a source.
    expect(a.seeAlso?.length).toBeGreaterThan(0);
    expect(a.seeAlso!.length).toBeLessThanOrEqual(2);
    expect(a.answer).not.toContain('Zie ook');
    expect(shownAnswer(a).endsWith(`\nZie ook: ${a.seeAlso!.join('; ')}`)).toBe(true);
  });

  it('answers when the fact is there for that subject', async () => {
    const a = await ask('Hoeveel woonstudio’s heeft Start me Up in Alkmaar?');
    expect(a.abstained).toBe(false);
  });

  it('reads a misspelt word the vocabulary knows, answers, and says how it was read', async () => {
    const a = await ask('Wat is een omklapwonig?');
    expect(a.abstained).toBe(false);
    expect(a.answer.split('\n')[0]).toBe('_gelezen als: omklapwoning_');
    expect(a.answer).toMatch(/omgeklapt/);
  });

  it('does not read another form of a known word as a typo', async () => {
    const a = await ask('Hoe vaak moet de zorgaanbieder rapporteren over een cliënt in een (z)Onder Dak-woning?');
    expect(a.answer).not.toContain('gelezen als');
  });
});
