import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parseDocument } from '../src/ingest/passages.js';
import { classifyLines } from '../src/ingest/classify.js';
import { detectStructure } from '../src/ingest/sections.js';
import { loadSource, slugify } from '../src/ingest/loaders.js';
import type { Passage, SourceDocument } from '../src/ingest/types.js';

const DOCS = path.resolve(import.meta.dirname, '../knowledge/documents');
const catalog = JSON.parse(readFileSync(path.join(DOCS, 'catalog.json'), 'utf8')).documents as Array<{
  file: string;
  id: string;
  title: string;
}>;

const parsed = new Map<string, { doc: SourceDocument; passages: Passage[] }>();
beforeAll(async () => {
  for (const c of catalog) {
    const doc = await loadSource(path.join(DOCS, c.file), { docId: c.id, title: c.title });
    parsed.set(c.file.slice(0, 3), { doc, passages: parseDocument(doc) });
  }
});
const get = (prefix: string) => parsed.get(prefix)!;
const containing = (prefix: string, snippet: string) => get(prefix).passages.filter((p) => p.text.includes(snippet));
const atLine = (prefix: string, n: number) =>
  get(prefix).passages.filter((p) => p.kind !== 'footnote' && p.lineStart <= n && n <= p.lineEnd);

describe('passage invariants (all documents)', () => {
  it('line ranges lie within the file and span at most 30 lines', () => {
    for (const [, { doc, passages }] of parsed) {
      const nLines = doc.text.split('\n').length;
      expect(passages.length).toBeGreaterThan(20);
      for (const p of passages) {
        expect(p.lineStart).toBeGreaterThanOrEqual(1);
        expect(p.lineEnd).toBeLessThanOrEqual(nLines);
        expect(p.lineEnd - p.lineStart).toBeLessThanOrEqual(29);
        expect(p.text.trim().length).toBeGreaterThan(0);
      }
      expect(passages.map((p) => p.ord)).toEqual(passages.map((_, i) => i));
    }
  });

  it('keeps passage text free of URLs, glued markers and PDF artefacts', () => {
    for (const [, { passages }] of parsed) {
      for (const p of passages) {
        // link annotations are gone; a URL only survives where the authors wrote it as a visible list item
        expect(p.text).not.toMatch(/file:\/\/|safelinks|(^|[^–] )https?:\/\//);
        expect(p.text).not.toMatch(/[\uF0B7\uF0BF\u00A0\t]/);
        expect(p.text).not.toMatch(/ {2}/);
        expect(p.text).not.toContain('Vereniging van Nederlandse Gemeenten\n');
      }
    }
    const all = (prefix: string) =>
      get(prefix)
        .passages.map((p) => p.text)
        .join('\n');
    expect(all('000')).not.toMatch(/\d+ Vereniging van Nederlandse Gemeenten($|\n| [A-Z][a-z])/m);
    expect(all('004')).not.toContain('‘Zo doen we dat!’ |');
  });

  it('covers every content word of the body text (coverage check)', () => {
    for (const [prefix, { doc, passages }] of parsed) {
      const index = new Set(passages.flatMap((p) => p.text.toLowerCase().match(/\p{L}{4,}/gu) ?? []));
      const lines = classifyLines(doc.text).filter((l) => l.role === 'body' || l.role === 'footnote');
      let missing: string[] = [];
      let total = 0;
      for (const l of lines) {
        // the first and last word of a line may be halves of a hyphenated word
        const ws =
          l.text
            .split(' ')
            .slice(1, -1)
            .join(' ')
            .toLowerCase()
            .match(/\p{L}{4,}/gu) ?? [];
        for (const w of ws) {
          total++;
          if (!index.has(w)) missing.push(`${prefix}:${l.n}:${w}`);
        }
      }
      expect(total).toBeGreaterThan(1000);
      expect(missing).toEqual([]);
      missing = [];
    }
  });
});

describe('cleaning inside passages (real excerpts)', () => {
  it('joins "arbeids-" + URL dump + " markt" into "arbeidsmarkt" with an exact line range', () => {
    const [p] = containing('000', 'op de arbeidsmarkt en kunnen ze een positieve bijdrage');
    expect(p).toBeDefined();
    expect(p.lineStart).toBeLessThanOrEqual(393);
    expect(p.lineEnd).toBeGreaterThanOrEqual(411);
  });

  it('keeps real hyphens and suspended compounds', () => {
    expect(containing('000', 'Anne-Marie Hoogland').length).toBe(1);
    expect(containing('000', '‘Publiek-Private Samenwerking: kunst van het evenwicht’').length).toBe(1);
    expect(containing('000', 'Dak- en thuisloosheid kan worden voorgesteld').length).toBe(1);
    expect(containing('000', 'Vitens-terrein').length).toBe(1);
    expect(containing('000', 'zorg- en welzijnsinstelling').length).toBeGreaterThan(3);
    expect(containing('004', 'met een Wmo-indicatie kunnen er').length).toBe(1);
    expect(containing('004', 'GGZ-Noord-Holland Noord').length).toBe(1);
    expect(containing('004', 'Wmo-maatwerkvoorziening').length).toBe(1);
    expect(containing('003', 'menukaart rondom woon-/zorgvarianten').length).toBe(1);
    expect(containing('003', 'zak- en kleedgeld').length).toBeGreaterThan(0);
  });

  it('joins hyphenation across blank lines inside list items', () => {
    expect(containing('000', 'betaalbare koopwoningen zijn om de stap').length).toBeGreaterThan(0);
    expect(containing('002', 'finan-').length).toBe(0);
    expect(containing('002', 'de begeleiding door de zorginstelling financiert. Per 2015').length).toBe(1);
  });

  it('strips footnote markers without damaging numbers', () => {
    const [p] = containing('000', 'Naar schatting hebben in Nederland 375.000 jongeren enige vorm van ondersteuning nodig. Zij');
    expect(p).toBeDefined();
    const all002 = get('002')
      .passages.map((p) => p.text)
      .join(' ');
    expect(all002).toContain('€ 3 miljoen');
    expect(all002).not.toMatch(/miljoen40|woningen23|VNG1\b/);
    const all001 = get('001')
      .passages.map((p) => p.text)
      .join(' ');
    expect(all001).toContain('rond de 25.000');
    expect(all001).not.toMatch(/25\.000 11/);
    expect(all001).toContain('toenemende vraag naar woningen. Een toenemend deel van die vraag');
  });

  it('never makes the OCR page of 002 or the outline of 004 retrievable body text', () => {
    const ocr = get('002').passages.filter((p) => p.lineEnd >= 3159);
    expect(ocr).toEqual([]);
    expect(containing('002', 'Biilase')).toEqual([]);
    expect(containing('002', 'Housino')).toEqual([]);
    const outline = get('004').passages.filter((p) => p.lineEnd >= 3447);
    for (const p of outline) expect(p.kind).toBe('toc');
  });
});

describe('gold line ranges and sections (000)', () => {
  it('L1602 "Voor het doorgronden …" is in a precise passage of section 5.1', () => {
    const [p] = containing(
      '000',
      'Voor het doorgronden van het woonzorgvraagstuk moet er in ieder geval een informatie worden verzameld over:',
    );
    expect(p).toBeDefined();
    expect(p.lineStart).toBeLessThanOrEqual(1602);
    expect(p.lineEnd).toBeGreaterThanOrEqual(1602);
    expect(p.lineEnd - p.lineStart).toBeLessThanOrEqual(29);
    expect(p.section).toContain('5.1 Stap 1: inventariseren');
    expect(p.section).toMatch(/^5 Een handelingsrepertoire/);
    expect(p.page).toBe(43);
  });

  it('L54 (hyphenated "bena-dering") is found with its text', () => {
    const ps = atLine('000', 54);
    expect(ps.some((p) => p.text.includes('(i) benadering op systeemniveau, (ii) integraal perspectief'))).toBe(true);
    expect(ps[0].section).toBe('Samenvatting');
  });

  it('L1659 and L1677 sit in stap 1 and stap 2', () => {
    const [a] = atLine('000', 1659);
    expect(a.text).toContain('gesprekken te voeren met sleutelfiguren uit de praktijk');
    expect(a.section).toContain('5.1 Stap 1: inventariseren');
    const [b] = atLine('000', 1677);
    expect(b.text).toContain('kwantitatieve en kwalitatieve informatie tegen elkaar aan te leggen');
    expect(b.section).toContain('5.2 Stap 2: verwerken en analyseren');
  });

  it('puts the heading words into the first passage of a section', () => {
    const [p] = atLine('000', 1597);
    expect(p.text).toMatch(/^1 Stap 1: inventariseren/);
  });

  it('tags forewords, colophon, TOC and footnotes', () => {
    expect(atLine('000', 150)[0].kind).toBe('voorwoord');
    expect(atLine('000', 15)[0].kind).toBe('colofon');
    expect(atLine('000', 307)[0].kind).toBe('toc');
    const fn = get('000').passages.filter((p) => p.kind === 'footnote');
    expect(fn.some((p) => p.text.startsWith('1 De toolkit staat op'))).toBe(true);
    expect(atLine('000', 356)[0].text).not.toContain('De toolkit staat op');
  });

  it('deduplicates pull quotes', () => {
    expect(atLine('000', 364)[0].kind).toBe('quote');
    expect(atLine('000', 478)[0].kind).toBe('quote');
    expect(atLine('000', 1263)[0].kind).toBe('quote');
    expect(atLine('003', 250)[0].kind).toBe('quote');
  });

  it('recovers page numbers from headers and the table of contents', () => {
    expect(atLine('000', 346)[0].page).toBe(12);
    expect(atLine('000', 1212)[0].page).toBe(36);
    expect(atLine('000', 1947)[0].page).toBe(51);
  });
});

describe('section structure of the other documents', () => {
  const topLevel = (prefix: string) => [...new Set(get(prefix).passages.map((p) => p.section.split(' > ')[0]))];

  it('001 has chapters 1–8 once each; steps 3 and 5 are not chapters', () => {
    const chapters = topLevel('001').filter((s) => /^\d+\. /.test(s));
    expect(chapters.map((s) => s.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(chapters[2]).toBe('3. Indruk van de opgave voor personen met een verstoorde zelfregulering');
    const [step3] = atLine('001', 931);
    expect(step3.section).toBe('7. Prestatieafspraken tussen betrokken partijen > 3. Zorgzonering en maatschappelijk vastgoed');
    const [step5] = atLine('001', 1068);
    expect(step5.section).toContain('7. Prestatieafspraken');
  });

  it('002 has chapters 1–6 once each and the bijlagen separately', () => {
    const top = topLevel('002');
    expect(top.filter((s) => /^\d+ /.test(s)).map((s) => s.split(' ')[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(top).toContain('Bijlage 1 Samenstelling werkgroep VNG en geïnterviewde partijen');
    expect(top).toContain('Bijlage 2 Contracten en overeenkomsten');
    expect(['bijlage', 'table']).toContain(atLine('002', 2970)[0].kind);
    expect(atLine('002', 3045)[0].kind).toBe('bijlage');
  });

  it('003 sections 2.1–2.4, tool and inspiratie', () => {
    const top = topLevel('003');
    expect(top).toEqual(expect.arrayContaining(['1. Inleiding', '2.1 Ambtelijk apparaat', '2.4 Zorg', '4. Inspiratie']));
  });

  it('004 uses the running header and recovers the three examples without one', () => {
    const top = topLevel('004');
    expect(top).toEqual(
      expect.arrayContaining([
        'Voorwoord',
        'Proeftuin De Ruwaard',
        'Uitstroomconvenant Assen e.o.',
        'Methode Moderne Devoten',
        'Wooncirkels Noord-Holland',
        'Armoedecoalitie, Utrecht',
      ]),
    );
    expect(atLine('004', 1900)[0].section).toMatch(/^Uitstroomconvenant Assen/);
    expect(atLine('004', 2260)[0].section).toMatch(/^Methode Moderne Devoten/);
    expect(atLine('004', 2540)[0].section).toMatch(/^Wooncirkels Noord-Holland/);
    expect(atLine('004', 10)[0].kind).toBe('voorwoord');
    // the side label in the middle of the Amsterdam sentence is gone
    expect(containing('004', '(vooral mensen met een sociale of medische urgentie)').length).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Loaders

/** A PDF with one text line per page, made with pdf-lib. */
async function pdfWithPages(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) pdf.addPage([612, 792]).drawText(text, { x: 72, y: 720, size: 12, font });
  return pdf.save();
}

/** A Word document with these paragraphs, made with docx. */
async function docxWithParagraphs(paragraphs: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph(text)) }] }));
}

describe('loaders', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'werktafel-ingest-'));

  it('reads .txt as-is and derives a slug docId', async () => {
    const file = path.join(dir, 'Mijn Document 2024.txt');
    writeFileSync(file, ' 1 Inleiding\n\nTekst over wonen en zorg.\n');
    const doc = await loadSource(file);
    expect(doc.docId).toBe('mijn-document-2024');
    expect(doc.text).toBe(' 1 Inleiding\n\nTekst over wonen en zorg.\n');
    expect(slugify('Één Ça-va!')).toBe('een-ca-va');
  });

  it('extracts a PDF page by page, separated by form-feed lines that give page numbers', async () => {
    const file = path.join(dir, 'twee-paginas.pdf');
    writeFileSync(file, await pdfWithPages(['Eerste pagina over wonen.', 'Tweede pagina over zorg.']));
    const doc = await loadSource(file, { docId: 'pdf-test', title: 'PDF test' });
    expect(doc.docId).toBe('pdf-test');
    const lines = doc.text.split('\n');
    expect(lines).toContain('\f');
    expect(doc.text).toContain('Eerste pagina over wonen.');
    const pageAt = detectStructure(classifyLines(doc.text)).pageAt;
    expect(pageAt[lines.findIndex((l) => l.includes('Eerste pagina'))]).toBe(1);
    expect(pageAt[lines.findIndex((l) => l.includes('Tweede pagina'))]).toBe(2);
    const [p] = parseDocument(doc);
    expect(p.page).toBe(1);
    expect(p.text).toContain('Tweede pagina over zorg.');
  });

  it('extracts a .docx with mammoth', async () => {
    const file = path.join(dir, 'notitie.docx');
    writeFileSync(file, await docxWithParagraphs(['Samenwerken aan wonen en zorg.', 'Tweede alinea met Anne-Marie.']));
    const doc = await loadSource(file);
    expect(doc.docId).toBe('notitie');
    expect(doc.text).toContain('Samenwerken aan wonen en zorg.');
    expect(doc.text).toContain('Tweede alinea met Anne-Marie.');
    const passages = parseDocument(doc);
    expect(passages.map((p) => p.text).join(' ')).toContain('Anne-Marie');
  });

  it('reads Markdown without its markup: no #, ** or link addresses in what an answer quotes', async () => {
    const file = path.join(dir, 'monitor.md');
    writeFileSync(
      file,
      '# Monitor woonzorg\n\n## Woonruimte\n\nIn de **monitor** staat dat er plek is voor *85* jongeren, ' +
        'zie [de tabel](https://example.org/tabel) en `bijlage 2`.\n\n- eerste afspraak met de corporatie\n',
    );
    const passages = parseDocument(await loadSource(file));
    const text = passages.map((p) => p.text).join(' ');
    expect(text).toContain('Monitor woonzorg Woonruimte');
    expect(text).toContain('In de monitor staat dat er plek is voor 85 jongeren, zie de tabel en bijlage 2.');
    expect(text).toContain('• eerste afspraak met de corporatie');
    expect(text).not.toMatch(/[#*`]|\]\(|example\.org/);
    expect(passages[0].section).toBe('Monitor woonzorg > Woonruimte');
  });

  it('rejects unsupported file types', async () => {
    await expect(loadSource(path.join(dir, 'x.odt'))).rejects.toThrow(/Unsupported/);
  });
});
