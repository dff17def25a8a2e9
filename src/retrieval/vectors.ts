import type { Llm } from '../llm/client.js';
import type { Db } from '../storage/db.js';
import { type Hit, PASSAGE_COLUMNS, type PassageRow, toHit } from './search.js';

// Optional semantic retrieval. Embeddings are stored as real[]; with pgvector the database ranks
// them, without it (a server lacking the extension) the process does, over a small corpus.

const BATCH = 64;

/** Embeds passages that have no embedding of the configured model yet. Returns how many. */
export async function ensureEmbeddings(db: Db, llm: Llm): Promise<number> {
  const model = llm.embeddingModel;
  if (!model) return 0;
  const { rows } = await db.query<{ id: number; heading: string; text: string }>(
    `SELECT p.id, p.heading, p.text FROM passages p
     JOIN documents d ON d.id = p.document_id LEFT JOIN passage_embeddings e ON e.passage_id = p.id AND e.model = $1
     WHERE e.passage_id IS NULL AND d.staged_at IS NULL ORDER BY p.id`,
    [model],
  );
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const vectors = await llm.embed(batch.map((r) => `${r.heading}\n${r.text}`));
    await db.query(
      `INSERT INTO passage_embeddings (passage_id, model, embedding)
       SELECT id, $1, emb::real[] FROM unnest($2::int[], $3::text[]) AS x(id, emb)
       ON CONFLICT (passage_id) DO UPDATE SET model = EXCLUDED.model, embedding = EXCLUDED.embedding`,
      [model, batch.map((r) => r.id), vectors.map((v) => `{${v.join(',')}}`)],
    );
  }
  return rows.length;
}

interface VecRow extends PassageRow {
  sim: number;
  embedding?: number[];
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
}

/** The passages nearest to the question among the shared documents and `group`'s own ('' = shared only). */
export async function vectorSearch(db: Db, llm: Llm, question: string, limit: number, documents?: string[], group = ''): Promise<Hit[]> {
  const [q] = await llm.embed([question]);
  const literal = `[${q.join(',')}]`;
  let rows: VecRow[];
  if (db.extensions.has('vector')) {
    ({ rows } = await db.query<VecRow>(
      `SELECT ${PASSAGE_COLUMNS}, 1 - (e.embedding::vector <=> $1::vector) AS sim
       FROM passage_embeddings e JOIN passages p ON p.id = e.passage_id JOIN documents d ON d.id = p.document_id
       WHERE e.model = $2 AND ($4::text[] IS NULL OR d.doc_id = ANY($4)) AND coalesce(d.group_id, '') IN ('', $5) AND d.staged_at IS NULL
       ORDER BY e.embedding::vector <=> $1::vector LIMIT $3`,
      [literal, llm.embeddingModel, limit, documents ?? null, group],
    ));
  } else {
    const all = await db.query<VecRow>(
      `SELECT ${PASSAGE_COLUMNS}, e.embedding FROM passage_embeddings e JOIN passages p ON p.id = e.passage_id
       JOIN documents d ON d.id = p.document_id
       WHERE e.model = $1 AND ($2::text[] IS NULL OR d.doc_id = ANY($2)) AND coalesce(d.group_id, '') IN ('', $3) AND d.staged_at IS NULL`,
      [llm.embeddingModel, documents ?? null, group],
    );
    rows = all.rows
      .map((r) => ({ ...r, sim: cosine(q, r.embedding!.map(Number)) }))
      .sort((a, b) => b.sim - a.sim)
      .slice(0, limit);
  }
  // Vector similarity stands in for coverage; fuseRankings keeps the lexical coverage where there is one.
  return rows.map((r) => toHit(r, Number(r.sim), Number(r.sim), true));
}

/**
 * Reciprocal rank fusion of the lexical and vector rankings. The fused hit keeps the lexical
 * coverage when it has one, so abstention still depends on the question's words being present.
 */
export function fuseRankings(lexical: Hit[], vector: Hit[], k = 60): Hit[] {
  const fused = new Map<number, { hit: Hit; score: number }>();
  const add = (list: Hit[], weight: number) =>
    list.forEach((h, rank) => {
      const entry = fused.get(h.passageId) ?? { hit: h, score: 0 };
      entry.score += weight / (k + rank + 1);
      fused.set(h.passageId, entry);
    });
  add(lexical, 1);
  add(vector, 1);
  const lexicalById = new Map(lexical.map((h) => [h.passageId, h]));
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ hit, score }) => {
      const lex = lexicalById.get(hit.passageId);
      // A passage only the vectors found cannot show the question's words: it never makes an answer strong.
      return {
        ...(lex ?? hit),
        score: (lex?.score ?? 0) + score * 100,
        coverage: lex?.coverage ?? 0,
        suppliesAnswerType: lex?.suppliesAnswerType ?? false,
        missingWords: lexical[0]?.missingWords ?? [],
        matched: lex?.matched ?? [],
      };
    });
}
