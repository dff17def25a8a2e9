import { describe, it, expect } from 'vitest';
import { classifyLines } from '../src/ingest/classify.js';
import { decideHyphen, Lexicon, MarkerStripper, stripFootnoteMarkers } from '../src/ingest/inline.js';
import { normalizeLine, type Line } from '../src/ingest/lines.js';
import { shippedDocument, shippedPassages } from './helpers/shipped-documents.js';

const docs = {
  d000: shippedDocument('000_').text,
  d001: shippedDocument('001_').text,
  d002: shippedDocument('002_').text,
  d003: shippedDocument('003_').text,
  d004: shippedDocument('004_').text,
};
const lineAt = (text: string, n: number) => text.split('\n')[n - 1];
const roles = new Map<string, Line[]>();
const rolesOf = (key: keyof typeof docs) => {
  if (!roles.has(key)) roles.set(key, classifyLines(docs[key]));
  return roles.get(key)!;
};
const role = (key: keyof typeof docs, n: number) => rolesOf(key)[n - 1].role;

describe('normalizeLine', () => {
  it('turns private-use bullets into •, NBSP/tabs into spaces and collapses whitespace', () => {
    expect(normalizeLine('\uF0B7 Maak een overzicht  van\u00A0vastgoed. ')).toBe('• Maak een overzicht van vastgoed.');
    expect(normalizeLine(lineAt(docs.d001, 919))).toMatch(/^• /);
    expect(normalizeLine('\t 1.1 \tEen ontwikkelperspectief')).toBe('1.1 Een ontwikkelperspectief');
  });
});

describe('a footnote number after a space', () => {
  it('is stripped after a content word, kept after a function word or a label: those are counts and numbers', () => {
    // The document has footnote 1 and none is referred to yet: " 1" is the marker expected next.
    const strip = (text: string) => new MarkerStripper(new Set([1])).strip(text);
    expect(strip('De regels staan in het convenant 1. Daarna volgt de uitvoering.')).toBe(
      'De regels staan in het convenant. Daarna volgt de uitvoering.',
    );
    expect(strip('Van de 40 kamers is er 1 bestemd voor starters.')).toContain('is er 1 bestemd');
    expect(strip('Daarvan woont er nu 1 in Breda.')).toContain('nu 1 in Breda');
    expect(strip('In figuur 1 staan de vragen per thema.')).toContain('figuur 1 staan');
    // A marker ends its clause: a number the sentence goes on from is none.
    expect(strip('Zo dragen gemeenten per 1 januari de verantwoordelijkheid.')).toContain('per 1 januari');
    expect(strip('De principes 1 t/m 9 zijn nodig.')).toContain('principes 1 t/m 9');
    expect(strip('Zij noemen het een probleem 1, en daarna nog meer.')).toBe('Zij noemen het een probleem, en daarna nog meer.');
  });

  it('keeps the documents’ own counts: no number of a sentence is lost at ingestion', () => {
    const passagesOf = (prefix: string) =>
      shippedPassages(`${prefix}_`)
        .map((p) => p.text)
        .join('\n');
    const d000 = passagesOf('000');
    expect(d000).toContain('Van de 26 woonunits zijn er 13 bestemd voor jongeren');
    expect(d000).toContain('In figuur 14 is per thema');
    const d002 = passagesOf('002');
    expect(d002).toContain('per 1 januari 2015');
    expect(d002).toContain('leeftijdscategorie 18 t/m 23 jaar');
    // A marker that ends its clause still goes: "… het aantal ouderen 4. Zo …".
    expect(passagesOf('001')).toMatch(/aantal ouderen\. Zo/);
  });
});

describe('stripFootnoteMarkers', () => {
  it('removes glued reference numbers on real lines', () => {
    expect(stripFootnoteMarkers(lineAt(docs.d000, 356))).toContain('375.000 jongeren enige vorm van ondersteuning nodig. Zij');
    expect(stripFootnoteMarkers(lineAt(docs.d000, 357))).toContain('op eigen benen te staan. Ze');
    expect(stripFootnoteMarkers(lineAt(docs.d002, 2215))).toMatch(/€ 3 miljoen(?!\d)/);
    expect(stripFootnoteMarkers(lineAt(docs.d002, 939))).toMatch(/400 woningen(?!\d)/);
    expect(stripFootnoteMarkers(lineAt(docs.d002, 277))).toContain('(23+)');
    expect(stripFootnoteMarkers(lineAt(docs.d002, 277))).not.toMatch(/\(23\+\)5/);
    expect(stripFootnoteMarkers(lineAt(docs.d004, 2552))).toContain('elf wooncirkels in Noord-Holland');
    expect(stripFootnoteMarkers('Vluchtelingenwerk.28 Daarna')).toBe('Vluchtelingenwerk. Daarna');
    expect(stripFootnoteMarkers('praktijkvoorbeelden (2014)27 en')).toBe('praktijkvoorbeelden (2014) en');
  });

  it('never damages numbers, ranges, years, amounts or names with digits', () => {
    for (const s of [
      '375.000 jongeren',
      'Aanpak 16-27 (2017)',
      'portefeuillehouder 16-27 en',
      'in 2024 eindelijk',
      '€ 5.000',
      '€403',
      'G40',
      'Platform31',
      'Aanpak16-27.',
      '(p.18-19.)',
      'p.15',
      'overgang 18-18+ niet',
    ]) {
      expect(stripFootnoteMarkers(s)).toBe(s);
    }
  });
});

describe('decideHyphen', () => {
  const lex = new Lexicon(docs.d000.split('\n'));
  it('joins ordinary line-end hyphenation', () => {
    expect(decideHyphen('kwetsbare organisaties zijn orga-', 'nisaties zijn belegd', lex)).toBe('join');
    expect(decideHyphen('worden benut op de arbeids-', 'markt en kunnen ze', lex)).toBe('join');
  });
  it('keeps real hyphens and suspended compounds', () => {
    expect(decideHyphen('Thuisloze Jongeren) en Anne-', 'Marie Hoogland (Saxion)', lex)).toBe('keep');
    expect(decideHyphen('Actieprogramma Dak-', 'en thuisloosheid', lex)).toBe('space');
    expect(decideHyphen('het Vitens-', 'terrein', lex)).toBe('keep');
    const lex4 = new Lexicon(docs.d004.split('\n'));
    expect(decideHyphen('een Wmo-', 'indicatie', lex4)).toBe('keep');
    expect(decideHyphen('een Wmo-maatwerk-', 'voorziening', lex4)).toBe('join');
  });
});

describe('classifyLines on the real documents', () => {
  it('drops running page headers but not the foreword heading or a signature (000)', () => {
    expect(role('d000', 10)).toBe('header');
    expect(role('d000', 34)).toBe('header');
    expect(role('d000', 344)).toBe('header');
    expect(role('d000', 140)).toBe('body');
    expect(role('d000', 177)).toBe('body');
  });

  it('marks URL dumps, wrapped URLs and file: paths as artefacts', () => {
    for (let n = 395; n <= 410; n++) expect(role('d000', n)).toBe('url');
    expect(role('d000', 411)).toBe('body');
    expect(role('d002', 317)).toBe('url'); // file:///C:\Users\…
    expect(role('d004', 1089)).toBe('url'); // URL containing a space
    expect(role('d004', 3422)).toBe('url');
  });

  it('separates footnotes from the text they interrupt', () => {
    for (const n of [348, 353, 453, 458, 460, 1305]) expect(role('d000', n)).toBe('footnote');
    for (const n of [466, 467, 469, 472, 506, 508]) expect(['footnote', 'separator']).toContain(role('d001', n));
    expect(role('d001', 464)).toBe('body');
    expect(role('d001', 473)).toBe('body');
    expect(role('d001', 510)).toBe('body');
    for (const n of [576, 577, 668, 1624, 2367]) expect(role('d002', n)).toBe('footnote');
    expect(role('d002', 578)).toBe('body');
    for (const n of [435, 1378, 1380, 1562, 2556, 2890]) expect(role('d004', n)).toBe('footnote');
    expect(role('d004', 1382)).toBe('body');
    expect(role('d004', 231)).toBe('body'); // numbered list item, not a footnote
    // "2. De beeldvorming …" goes on with the list "1. Betrokken organisaties …", although footnote 1 came before;
    // "3. Amsterdamse Federatie …" after the list "1. … 2. …" is a footnote: "organisaties3" refers to it
    for (const n of [2980, 2990, 2993, 2997]) expect(role('d004', n)).toBe('body');
    expect(role('d004', 2752)).toBe('footnote');
  });

  it('removes lone page numbers and page-title side labels', () => {
    expect(role('d001', 78)).toBe('pagenum');
    expect(role('d004', 326)).toBe('pagenum');
    expect(role('d004', 1685)).toBe('sidelabel');
    expect(role('d004', 2306)).toBe('sidelabel');
    expect(role('d004', 137)).toBe('sidelabel');
  });

  it('excludes the OCR page of 002 and the appended outline of 004', () => {
    for (let n = 3159; n <= 3218; n++) expect(['excluded', 'blank']).toContain(role('d002', n));
    for (let n = 3447; n <= 3468; n++) expect(role('d004', n)).toBe('outline');
    expect(role('d002', 3140)).not.toBe('excluded');
  });

  it('keeps the table-of-contents entries of 000 out of the footnotes', () => {
    expect(role('d000', 305)).toBe('toc');
    expect(role('d000', 299)).toBe('toc');
  });
});
