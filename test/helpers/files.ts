// Real PDF and Word files made in the test, for the group-document flows.
import { randomBytes } from 'node:crypto';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { zipSync, zlibSync } from 'fflate';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

export interface Section {
  heading: string;
  paragraphs: string[];
}

/** A PDF with one page per section: the heading on top, then the paragraphs, wrapped. */
export async function makePdf(title: string, sections: Section[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const section of sections) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    page.drawText(section.heading, { x: 50, y, size: 16, font });
    y -= 30;
    for (const paragraph of section.paragraphs) {
      for (const line of wrap(paragraph, 85)) {
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 15;
      }
      y -= 10;
    }
  }
  return pdf.save();
}

/** A PDF whose pages carry no text at all, as a scan does. */
export async function makeScannedPdf(pages = 2): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawRectangle({ x: 40, y: 40, width: 515, height: 762, borderWidth: 1 });
  return pdf.save();
}

/** A password-protected PDF: an /Encrypt dictionary whose user password is not empty. */
export function makeEncryptedPdf(): Uint8Array {
  const hex = (n: number) => randomBytes(n).toString('hex');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -44 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(16)}> <${hex(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A Word document with real headings and paragraphs. */
export async function makeDocx(title: string, sections: Section[]): Promise<Uint8Array> {
  const doc = new Document({
    title,
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
          ...sections.flatMap((s) => [
            new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }),
            ...s.paragraphs.map((p) => new Paragraph({ text: p })),
          ]),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A .docx whose document part inflates to `megabytes` of zeros from a few kilobytes. */
export function makeZipBomb(megabytes: number): Uint8Array {
  return zipSync(
    { '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': new Uint8Array(megabytes * 1048576) },
    { level: 9 },
  );
}

/** A Word file of valid, repetitive XML that unpacks to `megabytes` MB (a few hundred KB zipped). */
export function makeDocxBomb(megabytes: number): Uint8Array {
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const para = '<w:p><w:r><w:t>Wonen met zorg voor jongeren in de regio.</w:t></w:r></w:p>';
  const tail = '</w:body></w:document>';
  const n = Math.floor((megabytes * 1048576 - head.length - tail.length) / para.length);
  const xml = Buffer.concat([Buffer.from(head), Buffer.alloc(n * para.length, para), Buffer.from(tail)]);
  const types =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  return zipSync({ '[Content_Types].xml': Buffer.from(types), '_rels/.rels': Buffer.from(rels), 'word/document.xml': xml }, { level: 9 });
}

/** A one-page PDF whose content stream (valid text operators, FlateDecode) inflates to `megabytes` MB. */
export async function makeInflatingPdf(megabytes: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Uitpakker');
  const page = pdf.addPage([595, 842]);
  const op = 'BT /F1 11 Tf 50 800 Td (Wonen met zorg voor jongeren) Tj ET\n';
  const content = zlibSync(Buffer.alloc(megabytes * 1048576, op), { level: 9 });
  const stream = pdf.context.stream(content, { Filter: 'FlateDecode', Length: content.byteLength });
  page.node.set(PDFName.of('Contents'), pdf.context.register(stream));
  return pdf.save();
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
