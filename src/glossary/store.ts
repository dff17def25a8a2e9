import type { Member } from '../groups/members.js';
import type { Db, Queryable } from '../storage/db.js';
import { nameKey, stemKey } from './names.js';
import type { Domain } from './parse.js';
import { onceInJob } from '../core/jobs.js';
import { transactionWithRetry } from './retry.js';

// Glossary storage. Versions are append-only: a new definition is a new row, numbered under
// the term's row lock and guarded by the (term_id, version) key, so concurrent edits all survive.

export type TermStatus = 'voorstel' | 'vastgesteld';

export interface TermVersion {
  version: number;
  definition: string;
  domain: Domain | null;
  synonyms: string[];
  status: TermStatus;
  authorId: string;
  authorName: string | null;
  organisation: string | null;
  createdAt: Date;
  agreedByName: string | null;
  agreedAt: Date | null;
}

export interface GlossaryTerm {
  id: number;
  term: string;
  /** Oldest first; never empty. */
  versions: TermVersion[];
}

export const latest = (t: GlossaryTerm): TermVersion => t.versions[t.versions.length - 1];
/** The group's definition: the newest agreed version. */
export const agreedVersion = (t: GlossaryTerm): TermVersion | undefined =>
  [...t.versions].reverse().find((v) => v.status === 'vastgesteld');

interface VersionRow {
  term_id: number;
  version: number;
  definition: string;
  domain: Domain | null;
  synonyms: string[];
  status: TermStatus;
  author_id: string;
  author_name: string | null;
  organisation: string | null;
  created_at: Date | string;
  agreed_by_name: string | null;
  agreed_at: Date | string | null;
}

const toDate = (d: Date | string): Date => (d instanceof Date ? d : new Date(d));

const toVersion = (r: VersionRow): TermVersion => ({
  version: r.version,
  definition: r.definition,
  domain: r.domain,
  synonyms: r.synonyms ?? [],
  status: r.status,
  authorId: r.author_id,
  authorName: r.author_name,
  organisation: r.organisation,
  createdAt: toDate(r.created_at),
  agreedByName: r.agreed_by_name,
  agreedAt: r.agreed_at ? toDate(r.agreed_at) : null,
});

/** Loads terms with all their versions, in the order of `ids`. Only terms of the group. */
export async function loadTerms(db: Queryable, groupId: string, ids: number[]): Promise<GlossaryTerm[]> {
  if (ids.length === 0) return [];
  const { rows: terms } = await db.query<{ id: number; term: string }>(
    'SELECT id, term FROM glossary_terms WHERE group_id = $1 AND id = ANY($2::int[])',
    [groupId, ids],
  );
  const { rows: versions } = await db.query<VersionRow>(
    'SELECT * FROM glossary_versions WHERE term_id = ANY($1::int[]) ORDER BY term_id, version',
    [terms.map((t) => t.id)],
  );
  const byId = new Map(terms.map((t) => [t.id, { id: t.id, term: t.term, versions: [] as TermVersion[] }]));
  for (const v of versions) byId.get(v.term_id)?.versions.push(toVersion(v));
  return ids.map((id) => byId.get(id)).filter((t): t is GlossaryTerm => Boolean(t && t.versions.length));
}

export interface TermMatch {
  termId: number;
  /** The name that matched (the term or one of its synonyms). */
  name: string;
  how: 'exact' | 'stem' | 'similar';
  score: number;
}

/** Minimal pg_trgm similarity for a typo to count as the same term. */
export const SIMILARITY = 0.4;

/**
 * Finds the group's terms for what someone typed: the exact spelling, the same Dutch stems
 * (inflections, plurals), or a similar spelling (typos, by pg_trgm). Best first, one row per term.
 */
export async function matchTerms(
  db: Queryable,
  groupId: string,
  typed: string,
  opts: { minSimilarity?: number; namesOnly?: boolean; limit?: number } = {},
): Promise<TermMatch[]> {
  const key = nameKey(typed);
  if (!key) return [];
  const { rows } = await db.query<{ term_id: number; name: string; how: TermMatch['how']; score: number }>(
    `SELECT DISTINCT ON (term_id) term_id, name, how, score FROM (
       SELECT term_id, name, is_synonym,
              CASE WHEN name_key = $2 THEN 'exact' WHEN stem_key = $3 THEN 'stem' ELSE 'similar' END AS how,
              CASE WHEN name_key = $2 THEN 2 WHEN stem_key = $3 THEN 1.5 ELSE similarity(name_key, $2) END AS score
       FROM glossary_names
       WHERE group_id = $1 AND ($5::boolean IS NOT TRUE OR NOT is_synonym)
         AND (name_key = $2 OR stem_key = $3 OR similarity(name_key, $2) >= $4)
     ) m
     ORDER BY term_id, score DESC, is_synonym`,
    [groupId, key, stemKey(typed), opts.minSimilarity ?? SIMILARITY, opts.namesOnly ?? false],
  );
  return rows
    .map((r) => ({ termId: r.term_id, name: r.name, how: r.how, score: Number(r.score) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, opts.limit ?? 5);
}

export async function findTerm(db: Queryable, groupId: string, typed: string): Promise<{ term: GlossaryTerm; match: TermMatch } | null> {
  const [match] = await matchTerms(db, groupId, typed, { limit: 1 });
  if (!match) return null;
  const [term] = await loadTerms(db, groupId, [match.termId]);
  return term ? { term, match } : null;
}

export interface Proposal {
  term: string;
  definition: string;
  domain?: Domain | null;
  synonyms?: string[];
}

/**
 * Adds a version (the first one creates the term). An inflected spelling of an existing term
 * (doorstroming for doorstroom) adds to that term rather than creating a twin, also when both are
 * proposed at once (the canonical key is unique; a conflict is retried).
 */
export async function proposeVersion(db: Db, member: Member, p: Proposal): Promise<{ term: GlossaryTerm; version: TermVersion }> {
  const groupId = member.groupId;
  // Once per job: a redelivery after a crash between this commit and the job's checkpoint adds no second version.
  const termId = await transactionWithRetry(db, (tx) =>
    onceInJob(tx, groupId, `glossary.propose:${nameKey(p.term)}`, async () => {
      const [same] = await matchTerms(tx, groupId, p.term, { minSimilarity: 2, namesOnly: true, limit: 1 });
      let id = same?.termId;
      if (id === undefined) {
        // The canonical (stem) key is unique: a twin spelling proposed at the same moment lands on this row.
        const { rows } = await tx.query<{ id: number }>(
          `INSERT INTO glossary_terms (group_id, term, term_key, canonical_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (group_id, canonical_key) DO UPDATE SET term = glossary_terms.term RETURNING id`,
          [groupId, p.term, nameKey(p.term), stemKey(p.term)],
        );
        id = rows[0].id;
      }
      // The row lock makes concurrent writers of one term take turns; the key catches anything else.
      const { rows: termRows } = await tx.query<{ term: string }>('SELECT term FROM glossary_terms WHERE id = $1 FOR UPDATE', [id]);
      const { rows: prevRows } = await tx.query<VersionRow>(
        'SELECT * FROM glossary_versions WHERE term_id = $1 ORDER BY version DESC LIMIT 1',
        [id],
      );
      const prev = prevRows[0];
      const domain = p.domain === undefined ? (prev?.domain ?? null) : p.domain;
      const synonyms = p.synonyms === undefined ? (prev?.synonyms ?? []) : p.synonyms;
      await tx.query(
        `INSERT INTO glossary_versions (term_id, version, definition, domain, synonyms, author_id, author_name, organisation)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8)`,
        [id, (prev?.version ?? 0) + 1, p.definition, domain, synonyms, member.userId, member.displayName, member.organisation],
      );
      await replaceNames(tx, groupId, id, termRows[0].term, synonyms);
      return id;
    }),
  );
  const [term] = await loadTerms(db, groupId, [termId]);
  return { term, version: latest(term) };
}

async function replaceNames(tx: Queryable, groupId: string, termId: number, term: string, synonyms: string[]): Promise<void> {
  await tx.query('DELETE FROM glossary_names WHERE term_id = $1', [termId]);
  const names = new Map<string, { name: string; synonym: boolean }>();
  names.set(nameKey(term), { name: term, synonym: false });
  for (const s of synonyms) if (nameKey(s) && !names.has(nameKey(s))) names.set(nameKey(s), { name: s, synonym: true });
  for (const [key, n] of names) {
    await tx.query('INSERT INTO glossary_names (term_id, group_id, name, name_key, stem_key, is_synonym) VALUES ($1, $2, $3, $4, $5, $6)', [
      termId,
      groupId,
      n.name,
      key,
      stemKey(n.name),
      n.synonym,
    ]);
  }
}

/** Marks the newest version as agreed. `already` when it was agreed before. */
export async function agreeLatest(db: Db, member: Member, termId: number): Promise<{ term: GlossaryTerm; already: boolean }> {
  const already = await transactionWithRetry(db, (tx) =>
    onceInJob(tx, member.groupId, `glossary.agree:${termId}`, async () => {
      await tx.query('SELECT id FROM glossary_terms WHERE id = $1 AND group_id = $2 FOR UPDATE', [termId, member.groupId]);
      const { rows } = await tx.query<{ version: number; status: TermStatus }>(
        'SELECT version, status FROM glossary_versions WHERE term_id = $1 ORDER BY version DESC LIMIT 1',
        [termId],
      );
      if (rows[0].status === 'vastgesteld') return true;
      await tx.query(
        `UPDATE glossary_versions SET status = 'vastgesteld', agreed_by_id = $3, agreed_by_name = $4, agreed_at = now()
       WHERE term_id = $1 AND version = $2`,
        [termId, rows[0].version, member.userId, member.displayName],
      );
      return false;
    }),
  );
  const [term] = await loadTerms(db, member.groupId, [termId]);
  return { term, already };
}

/** The group's terms, alphabetically; with a filter, those whose names or definitions match it. */
export async function listTerms(db: Queryable, groupId: string, filter?: string): Promise<GlossaryTerm[]> {
  let ids: number[];
  if (filter) {
    const matched = await matchTerms(db, groupId, filter, { minSimilarity: 0.3, limit: 50 });
    const { rows } = await db.query<{ term_id: number }>(
      `SELECT DISTINCT v.term_id FROM glossary_versions v JOIN glossary_terms t ON t.id = v.term_id
       WHERE t.group_id = $1 AND (v.definition ILIKE $2 OR t.term ILIKE $2)`,
      [groupId, `%${filter.replace(/[\\%_]/g, '\\$&')}%`],
    );
    ids = [...new Set([...matched.map((m) => m.termId), ...rows.map((r) => r.term_id)])];
  } else {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM glossary_terms WHERE group_id = $1', [groupId]);
    ids = rows.map((r) => r.id);
  }
  const terms = await loadTerms(db, groupId, ids);
  return terms.sort((a, b) => a.term.localeCompare(b.term, 'nl'));
}

/** Every name (term and synonyms) of the group, for spotting terms in a question. */
export async function groupNames(db: Queryable, groupId: string): Promise<{ termId: number; name: string }[]> {
  const { rows } = await db.query<{ term_id: number; name: string }>('SELECT term_id, name FROM glossary_names WHERE group_id = $1', [
    groupId,
  ]);
  return rows.map((r) => ({ termId: r.term_id, name: r.name }));
}
