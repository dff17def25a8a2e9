import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLayouts } from '../src/ingest/layouts.js';
import { parseDocument } from '../src/ingest/passages.js';
import { stripFootnoteMarkers } from '../src/ingest/inline.js';

// A new publication needs a data file in knowledge/layouts, not code: these tests write one for a made-up
// publication and check what a member would notice — its running headers are not quoted, its pages are cited.

const RUNNING = (page: number) => `${page}  Stichting Wonen Voorbeeldstad`;
const paragraph = (topic: string) =>
  `De werkgroep bespreekt ${topic} met de gemeente, de corporatie en de zorgaanbieder. Iedere partner brengt ` +
  `haar eigen kennis in en legt de afspraken vast in een verslag dat de stuurgroep twee keer per jaar bespreekt.`;

/** Three printed pages, each opening with the running header that carries the page number. */
const publication = [
  RUNNING(4),
  '1 Inleiding',
  '',
  paragraph('de aanleiding'),
  '',
  RUNNING(5),
  '2 Woonvormen',
  '',
  paragraph('de woonvormen'),
  '',
  RUNNING(6),
  'Verantwoording',
  '',
  paragraph('de bronnen van deze uitgave'),
].join('\n');

const doc = { docId: 'voorbeeld', file: 'voorbeeld.txt', title: 'Voorbeeld', text: publication };

function layoutDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-layouts-'));
  for (const [name, body] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return dir;
}

describe('publication layouts as data (knowledge/layouts)', () => {
  it('without a layout file the running header is read as text and no page is known', () => {
    const passages = parseDocument(doc, loadLayouts(layoutDir({})));
    expect(passages.some((p) => p.text.includes('Stichting Wonen Voorbeeldstad'))).toBe(true);
    expect(passages.every((p) => p.page === null)).toBe(true);
  });

  it('with one, its header is never quoted and the printed page numbers are cited', () => {
    const layouts = loadLayouts(
      layoutDir({
        'voorbeeld.json': {
          publication: 'Stichting Wonen Voorbeeldstad, a made-up publication',
          runningHeaders: [{ text: 'Stichting Wonen Voorbeeldstad', pageNumber: 'before' }],
          matterHeadings: [{ kind: 'colofon', headings: ['Verantwoording'] }],
        },
      }),
    );
    const passages = parseDocument(doc, layouts);
    expect(passages.some((p) => p.text.includes('Stichting Wonen Voorbeeldstad'))).toBe(false);
    const pageOf = (words: string) => passages.find((p) => p.text.includes(words))?.page;
    expect(pageOf('de aanleiding')).toBe(4);
    expect(pageOf('de woonvormen')).toBe(5);
    expect(pageOf('de bronnen van deze uitgave')).toBe(6);
    // a matter heading named in the data gives its section a kind that is never quoted as running text
    expect(passages.find((p) => p.text.includes('de bronnen'))?.kind).toBe('colofon');
    expect(passages.find((p) => p.text.includes('de aanleiding'))?.kind).toBe('body');
  });

  it('a header that names the section reads the publication as a magazine of sections', () => {
    const magazine = [
      ' Voorbeeldblad Wonen  |  Proeftuin Noord',
      '',
      paragraph('de proeftuin in Noord'),
      '',
      ' Voorbeeldblad Wonen  |  Proeftuin Zuid',
      '',
      paragraph('de proeftuin in Zuid'),
    ].join('\n');
    const layouts = loadLayouts(layoutDir({ 'blad.json': { runningHeaders: [{ text: 'Voorbeeldblad Wonen', sectionAfter: '|' }] } }));
    const passages = parseDocument({ ...doc, text: magazine }, layouts);
    expect(passages.find((p) => p.text.includes('in Noord'))?.section).toBe('Proeftuin Noord');
    expect(passages.find((p) => p.text.includes('in Zuid'))?.section).toBe('Proeftuin Zuid');
  });

  it('names with digits in the data keep their digits; other glued numbers are footnote markers', () => {
    const layouts = loadLayouts(layoutDir({ 'namen.json': { namesWithDigits: ['Thuis24'] } }));
    const isName = (w: string) => layouts.isNameWithDigits(w);
    expect(stripFootnoteMarkers('Het programma Thuis24 start', 99, isName)).toBe('Het programma Thuis24 start');
    expect(stripFootnoteMarkers('Het programma Thuis24 start', 99, () => false)).toBe('Het programma Thuis start');
    // the repository's own list
    expect(stripFootnoteMarkers('in samenwerking met Platform31 en Aanpak16')).toBe('in samenwerking met Platform31 en Aanpak16');
  });

  it('a file that does not fit says which file and which field', () => {
    const dir = layoutDir({ 'kapot.json': { runningHeaders: [{ text: 'Kop', pageNumber: 'after' }] } });
    expect(() => loadLayouts(dir)).toThrow(/kapot\.json: runningHeaders\.0\.pageNumber/);
    const both = layoutDir({ 'dubbel.json': { runningHeaders: [{ text: 'Kop van de pagina', pageNumber: 'before', sectionAfter: '|' }] } });
    expect(() => loadLayouts(both)).toThrow(/dubbel\.json: runningHeaders\.0: .*not both/);
    expect(() => loadLayouts(layoutDir({ 'typo.json': { runingHeaders: [] } }))).toThrow(/typo\.json.*runingHeaders/);
    expect(() => loadLayouts(layoutDir({ 'half.json': '{ "runningHeaders": [' }))).toThrow(/half\.json: not JSON/);
  });

  it('a changed layout file changes the version, so the documents are parsed again at the next start', () => {
    const before = loadLayouts(layoutDir({ 'a.json': { namesWithDigits: ['Thuis24'] } })).version;
    expect(loadLayouts(layoutDir({ 'a.json': { namesWithDigits: ['Thuis24'] } })).version).toBe(before);
    expect(loadLayouts(layoutDir({ 'a.json': { namesWithDigits: ['Thuis24', 'Wijk12'] } })).version).not.toBe(before);
  });
});
