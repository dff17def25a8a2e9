// A group's own documents in its data export (src/privacy/export.ts): the text read from each file,
// with where it came from, as documenten/<title>.txt.

type Row = Record<string, unknown>;

export function documentFiles(data: Map<string, Row[]>): Record<string, string> {
  const passages = new Map<unknown, number>();
  for (const p of data.get('passages') ?? []) passages.set(p.document_id, (passages.get(p.document_id) ?? 0) + 1);
  // The text as read, stored in parts (migration 096).
  const parts = new Map<unknown, Row[]>();
  for (const x of data.get('document_texts') ?? []) parts.set(x.document_id, [...(parts.get(x.document_id) ?? []), x]);
  const textOf = (id: unknown) =>
    (parts.get(id) ?? [])
      .sort((a, b) => Number(a.part) - Number(b.part))
      .map((x) => String(x.text))
      .join('');
  const files: Record<string, string> = {};
  for (const d of data.get('documents') ?? []) {
    // A document still being stored (staged) is not the group's yet; its rows stay in the table dump.
    if (d.staged_at) continue;
    const base =
      String(d.title)
        .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
        .trim()
        .slice(0, 80) || String(d.doc_id);
    const added = d.ingested_at instanceof Date ? d.ingested_at.toISOString() : String(d.ingested_at);
    const header = [
      `Titel: ${d.title}`,
      `Bestand: ${d.file}`,
      `Toegevoegd door: ${d.added_by ?? ''}`,
      `Toegevoegd op: ${added}`,
      `Passages: ${passages.get(d.id) ?? 0}`,
    ];
    files[`documenten/${base}.txt`] = `${header.join('\n')}\n\n${textOf(d.id)}`;
  }
  return files;
}
