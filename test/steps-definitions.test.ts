import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { StepCatalog, loadStepCatalog, parseChecklistFile, type StepDef } from '../src/steps/definitions.js';

// The checklists must quote the handreiking exactly: every question of figures 13 and 14, verbatim,
// with the right theme and line citation. Compared with the source file, allowing only whitespace
// and end-of-line hyphenation joins.

const catalogJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge/documents/catalog.json'), 'utf8')) as {
  documents: { id: string; file: string }[];
};
const fileOf = (doc: string) => catalogJson.documents.find((d) => d.id === doc)!.file;
const sourceLines = (doc: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'knowledge/documents', fileOf(doc)), 'utf8').split('\n');

/** Lines from..to (1-based) as one string: a line ending in letter+hyphen joins the next word-part. */
function joined(lines: string[], from: number, to: number): string {
  let out = '';
  for (const raw of lines.slice(from - 1, to)) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out = out ? `${out} ${line}` : line;
  }
  return out;
}

const catalog = loadStepCatalog();
const step = (id: string) => catalog.steps.find((s) => s.id === id)!;

// Independent expectation, typed from the PDF text (figures 13 and 14), typos included.
const FIG13: Record<string, [string, string]> = {
  D1: ['doelgroep', 'Welke categorieën jongeren in een kwetsbare positie zijn in de gemeente aanwijsbaar?'],
  D2: ['doelgroep', 'Wat is de omvang van deze categorieën?'],
  D3: ['doelgroep', 'Welke organisaties zijn betrokken bij de zorg- en hulpverlening?'],
  D4: [
    'doelgroep',
    'Wat is de ondersteuningsbehoefte van deze jongeren volgens henzelf en de betrokken zorg- en hulpverleningsprofessionals?',
  ],
  W1: ['voorzieningen', 'Welke typen woonzorgvoorzieningen zijn er in de gemeente?'],
  W2: ['voorzieningen', 'Hoeveel woonruimte is er in de woonzorgvoorzieningen aanwezig?'],
  W3: ['voorzieningen', 'Welke woonzorgconcepten worden er toegepast?'],
  W4: ['voorzieningen', 'In welke geïntegreerde modellen hebben de woonzorgvoorzieningen gestalte gekregen?'],
  R1: ['ruimte', 'Welke binnen- en buitensstedelijke gebiedsontwikkelopgaven zijn er de komende jaren in de gemeente?'],
  R2: ['ruimte', 'Welk gemeentelijk vastgoed kan worden benut voor woonzorgvoorzieningen?'],
  R3: ['ruimte', 'Welk maatschappelijk vastgoed kan worden benut voor woonzorgvoorzieningen?'],
  R4: ['ruimte', 'Welke particuliere initiatieven zijn er om woonzorgvoorzieningen te realiseren?'],
  R5: ['ruimte', 'Welke organisaties zijn op ruimtelijk planningsniveau en op voorzieningenniveau bij de initiatieven betrokken?'],
};
const FIG14: Record<string, [string, string]> = {
  'A-D1': [
    'doelgroep',
    'Welke beleidsontwikkelingen doen zich in het sociaal domein voor ten aanzien van jongeren in een kwetsbare positie?',
  ],
  'A-D2': ['doelgroep', 'Op welke wijze is de omvang van de doelgroep en de zorgvraag de afgelopen jaren ontwikkeld?'],
  'A-D3': [
    'doelgroep',
    'Hoe verhoudt de omvang van de doelgroep en de zorgvraag zich tot de beleidskeuzen die door de gemeente en andere organisaties worden gemaakt?',
  ],
  'A-W1': [
    'voorzieningen',
    'Welke beleidsontwikkelingen doen zich in het sociaal- en het ruimtelijk domein voor ten aanzien van woonzorgvoorzieningen?',
  ],
  'A-W2': ['voorzieningen', 'Op welke wijze heeft het aanbod van woonzorgvoorzieningen zich de afgelopen jaren ontwikkeld?'],
  'A-W3': ['voorzieningen', 'Hoe verhoudt de omvang van de doelgroep en de zorgvraag zich tot het aanbod van woonzorgvoorzieningen?'],
  'A-R1': [
    'ruimte',
    'Welke ruimtelijke planningskansen kunnen op korte termijn worden benut voor opvangplekken en woonruimte voor jongeren?',
  ],
  'A-R2': [
    'ruimte',
    'Welke ruimtelijke planningskansen kunnen op langere termijn worden benut voor opvangplekken en woonruimte voor jongeren?',
  ],
};

describe.each([
  ['inventariseren', FIG13, 'Figuur 13'],
  ['analyseren', FIG14, 'Figuur 14'],
] as const)('step %s', (id, expected, figure) => {
  const s = step(id);
  const lines = sourceLines(s.document);

  it('has exactly the questions of the figure, verbatim, under the right theme', () => {
    const got = Object.fromEntries(s.items.map((i) => [i.code, [i.theme, i.question.nl]]));
    expect(got).toEqual(expected);
    expect(s.themes.map((t) => t.title.nl)).toEqual(['Doelgroep en zorgvraag', 'Woonzorgvoorzieningen', 'Ruimtelijke planningskansen']);
  });

  it('cites the lines of the source that hold each question', () => {
    expect(s.document).toBe('vng-handreiking-woonzorg-jongeren-2022');
    expect(fileOf(s.document)).toBe('000_a4ccabf5df6f993e.txt');
    for (const item of s.items) {
      expect(item.verbatim).toBe(true);
      const text = joined(lines, item.lines[0], item.lines[1]);
      expect(text, `${item.code} at L${item.lines.join('–')}`).toContain(item.question.nl);
      // The citation is tight: dropping its first or last line loses part of the question.
      if (item.lines[1] > item.lines[0]) {
        expect(joined(lines, item.lines[0] + 1, item.lines[1])).not.toContain(item.question.nl);
        expect(joined(lines, item.lines[0], item.lines[1] - 1)).not.toContain(item.question.nl);
      }
    }
  });

  it('covers the whole figure: the questions in reading order rebuild its text', () => {
    const [from, to] = s.figure!.lines;
    expect(lines[to - 1]).toContain(figure);
    expect(lines[from - 1].trim()).toBe('Doelgroep en zorgvraag Woonzorgvoorzieningen Ruimtelijke planningskansen');
    const body = joined(lines, from + 1, to - 1);
    const ordered = [...s.items].sort((a, b) => body.indexOf(a.question.nl) - body.indexOf(b.question.nl));
    expect(ordered.map((i) => i.question.nl).join(' ')).toBe(body);
  });

  it('quotes its introduction and guidance from the text', () => {
    for (const p of [s.intro, ...s.guidance].filter((p) => p.verbatim)) {
      expect(joined(lines, p.lines[0], p.lines[1])).toContain(p.nl);
    }
  });
});

describe('step definitions', () => {
  it('keeps the source typos and the shared line of figure 13', () => {
    const s1 = step('inventariseren');
    expect(s1.items.find((i) => i.code === 'R1')!.question.nl).toContain('buitensstedelijke');
    const d2 = s1.items.find((i) => i.code === 'D2')!;
    const w2 = s1.items.find((i) => i.code === 'W2')!;
    expect(d2.lines[0]).toBe(1620);
    expect(w2.lines[0]).toBe(1620);
    expect(s1.guidance.some((g) => g.nl.includes('naaar'))).toBe(true);
  });

  it('gives step 2 its process guidance', () => {
    const ids = step('analyseren').guidance.map((g) => g.id);
    expect(ids).toEqual(expect.arrayContaining(['toegang', 'overleg', 'context', 'vergelijken', 'doorlopend']));
    const text = step('analyseren')
      .guidance.map((g) => g.nl)
      .join(' ');
    for (const phrase of ['toegang hebben en houden', 'jaarlijks twee overleggen', 'facts and figures', 'voorgaande jaren', 'prognose']) {
      expect(text).toContain(phrase);
    }
  });

  it('links every analysis question to step 1 items', () => {
    const s1 = step('inventariseren');
    for (const item of step('analyseren').items) {
      expect(item.drawsOn.length).toBeGreaterThan(0);
      for (const c of item.drawsOn) expect(s1.items.map((i) => i.code)).toContain(c);
    }
    expect(step('analyseren').items.find((i) => i.code === 'A-D2')!.drawsOn).toEqual(expect.arrayContaining(['D1', 'D2']));
  });

  it('has lighter checklists for steps 3 to 5, with codes unique over all steps', () => {
    expect(catalog.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
    const codes = catalog.steps.flatMap((s) => s.items.map((i) => i.code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of catalog.steps.slice(2)) {
      expect(s.items.length).toBeGreaterThan(2);
      const lines = sourceLines(s.document);
      expect(joined(lines, s.intro.lines[0], s.intro.lines[1])).toContain(s.intro.nl);
      // Derived questions are marked as such, and cite the passage they come from (chapter 5, L1730–1774).
      for (const i of s.items) {
        expect(i.verbatim).toBe(false);
        expect(i.lines[0]).toBeGreaterThanOrEqual(1730);
        expect(i.lines[1]).toBeLessThanOrEqual(1774);
      }
    }
  });

  it('finds steps by name and alias in both languages', () => {
    expect(catalog.find('inventariseren')?.step.number).toBe(1);
    expect(catalog.find('Stap  1')?.step.number).toBe(1);
    expect(catalog.find('inventory')).toMatchObject({ lang: 'en' });
    expect(catalog.find('analyseren')?.step.number).toBe(2);
    expect(catalog.find('stap 2')?.step.number).toBe(2);
    expect(catalog.find('analysis')).toMatchObject({ lang: 'en', step: { number: 2 } });
    expect(catalog.find('stap 9')).toBeUndefined();
  });

  it('accepts other checklists as data and rejects broken ones', () => {
    const other = {
      id: 'tussen-wal-en-schip',
      document: 'corpovenista-tussen-wal-en-schip-2016',
      title: { nl: 'Zes stappen naar prestatieafspraken', en: 'Six steps towards performance agreements' },
      steps: [
        {
          id: 'wal-schip-1',
          number: 1,
          names: { nl: 'Stap 1: doelgroep', en: 'Step 1: target group' },
          aliases: { nl: ['wal en schip 1'], en: [] },
          intro: { nl: 'x', en: 'x', lines: [1, 2] },
          themes: [
            {
              id: 'a',
              title: { nl: 'A', en: 'A' },
              items: [{ code: 'TW1', lines: [3, 4], verbatim: false, question: { nl: 'Wie?', en: 'Who?' } }],
            },
          ],
        },
      ],
    };
    const steps: StepDef[] = [...catalog.steps, ...parseChecklistFile(other)];
    expect(new StepCatalog(steps).find('wal en schip 1')?.step.key).toBe('tussen-wal-en-schip/wal-schip-1');
    const clash = structuredClone(other);
    clash.steps[0].aliases.nl = ['stap 1'];
    expect(() => new StepCatalog([...catalog.steps, ...parseChecklistFile(clash)])).toThrow(/alias/);
    const badLink = structuredClone(other) as typeof other & { steps: { drawsOn?: string[] }[] };
    (badLink.steps[0].themes[0].items[0] as { drawsOn?: string[] }).drawsOn = ['D1'];
    expect(() => new StepCatalog(parseChecklistFile(badLink))).toThrow(/draws on/);
    const badCode = structuredClone(other);
    badCode.steps[0].themes[0].items[0].code = 'not a code';
    expect(() => parseChecklistFile(badCode)).toThrow();
  });
});
