import type { Queryable } from '../storage/db.js';

// Where a checklist's line citations are in the publication, as people read it:
// "Handreiking Samenwerken aan woonzorgvoorzieningen … (2022), §5.1 Stap 1: inventariseren, p. 43".

interface Place {
  section: string;
  page: number | null;
  from: number;
  to: number;
}

export interface SourcePlaces {
  /** The label of the passage that holds the first line of the range; the document title alone when none does. */
  label(lines: [number, number]): string;
}

function label(title: string, year: number | null, p: Place | undefined): string {
  const doc = year ? `${title} (${year})` : title;
  if (!p) return doc;
  const heading = p.section.split(' > ').pop()?.trim() ?? '';
  const section = /^\d+(\.\d+)*\s/.test(heading) ? `§${heading}` : heading;
  return [doc, section, p.page ? `p. ${p.page}` : ''].filter(Boolean).join(', ');
}

/** Reads the document's passages once, so a whole export labels its citations without more queries. */
export async function sourcePlaces(db: Queryable, documentId: string): Promise<SourcePlaces> {
  const { rows: docs } = await db.query<{ id: number; title: string; year: number | null }>(
    'SELECT id, title, year FROM documents WHERE doc_id = $1',
    [documentId],
  );
  const doc = docs[0];
  if (!doc) return { label: () => documentId };
  const { rows } = await db.query<{ section: string; page: number | null; line_start: number; line_end: number }>(
    'SELECT section, page, line_start, line_end FROM passages WHERE document_id = $1 ORDER BY line_start',
    [doc.id],
  );
  const places: Place[] = rows.map((r) => ({ section: r.section, page: r.page, from: r.line_start, to: r.line_end }));
  return {
    label: ([from]) =>
      label(doc.title, doc.year, places.find((p) => p.from <= from && from <= p.to) ?? places.filter((p) => p.from <= from).at(-1)),
  };
}
