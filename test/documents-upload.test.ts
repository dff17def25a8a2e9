import { describe, expect, it } from 'vitest';
import { readUpload, UPLOAD_LIMITS, UploadError, type UploadProblem } from '../src/documents/read-upload.js';
import { makeDocx, makeEncryptedPdf, makePdf, makeScannedPdf, makeZipBomb } from './helpers/files.js';

const SECTIONS = [
  {
    heading: '1 Woonvisie Zwolle',
    paragraphs: ['De gemeente Zwolle realiseert tot 2030 veertig omklapwoningen voor jongeren die uitstromen uit de jeugdzorg.'],
  },
  { heading: '2 Prestatieafspraken', paragraphs: ['De corporaties reserveren jaarlijks twaalf woningen voor begeleid wonen.'] },
];

async function problem(name: string, bytes: Uint8Array, limits = UPLOAD_LIMITS): Promise<UploadProblem | 'none'> {
  try {
    await readUpload(name, bytes, limits);
    return 'none';
  } catch (err) {
    if (err instanceof UploadError) return err.problem;
    throw err;
  }
}

describe('reading a shared file', () => {
  it('reads a PDF with its title and page breaks', async () => {
    const doc = await readUpload('woonvisie.pdf', await makePdf('Woonvisie Zwolle 2025', SECTIONS));
    expect(doc.kind).toBe('pdf');
    expect(doc.title).toBe('Woonvisie Zwolle 2025');
    expect(doc.text).toContain('veertig omklapwoningen');
    expect(doc.text.split('\n')).toContain('\f');
  });

  it('reads a Word file with its headings as Markdown sections', async () => {
    const doc = await readUpload('Prestatieafspraken_2026.docx', await makeDocx('Prestatieafspraken 2026', SECTIONS));
    expect(doc.kind).toBe('docx');
    expect(doc.text).toMatch(/^# 1 Woonvisie Zwolle$/m);
    expect(doc.text).toContain('twaalf woningen voor begeleid wonen');
    expect(doc.title).toBe('Prestatieafspraken 2026');
  });

  it('reads Markdown and text, titled by the first heading or the file name', async () => {
    const md = await readUpload('verslag.md', new TextEncoder().encode('# Verslag stuurgroep\n\nWe besluiten te starten.\n'));
    expect(md.title).toBe('Verslag stuurgroep');
    const txt = await readUpload('notities_werkgroep.txt', Buffer.from('Afspraken over de intake.\r\n', 'latin1'));
    expect(txt.title).toBe('notities werkgroep');
    expect(txt.text).toBe('Afspraken over de intake.\n');
  });

  it('refuses each kind of bad file with its own reason', async () => {
    expect(await problem('foto.png', Buffer.from('\u0089PNG\r\n\u001a\n....', 'latin1'))).toBe('type');
    expect(await problem('begroting.xlsx', makeZipBomb(1))).toBe('type');
    expect(await problem('leeg.txt', new Uint8Array())).toBe('empty');
    expect(await problem('spaties.md', new TextEncoder().encode('  \n\n '))).toBe('empty');
    expect(await problem('groot.pdf', new Uint8Array(UPLOAD_LIMITS.maxBytes + 1))).toBe('too_large');
    expect(await problem('geheim.pdf', makeEncryptedPdf())).toBe('encrypted');
    expect(await problem('scan.pdf', await makeScannedPdf())).toBe('no_text');
    expect(await problem('kapot.pdf', Buffer.from('%PDF-1.7\nthis is not a pdf'))).toBe('unreadable');
    expect(await problem('kapot.docx', Buffer.from('PK\u0003\u0004garbage', 'latin1'))).toBe('unreadable');
    expect(await problem('bom.docx', makeZipBomb(8), { ...UPLOAD_LIMITS, maxUnpackedBytes: 4 * 1048576 })).toBe('zip_bomb');
  });
});
