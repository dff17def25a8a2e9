import type { Queryable } from '../storage/db.js';

// Which rows belong to a working group, read from the database catalog rather than a list in code:
// a table added later with a group_id column (or a foreign key to such a table) is exported and
// erased without anyone remembering to add it here.

export interface GroupTable {
  table: string;
  /** SQL that selects the table's rows of group $1 (aliased `t`). */
  where: string;
  /** Tables this one references, among the group's tables (deleted after this one). */
  references: string[];
}

interface ForeignKey {
  child: string;
  parent: string;
  child_cols: string[];
  parent_cols: string[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables with a group_id column, tables referencing those by foreign key (feedback, versions, events), and groups itself. */
export async function groupTables(db: Queryable): Promise<GroupTable[]> {
  const direct = (
    await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'group_id' ORDER BY table_name`,
    )
  ).rows.map((r) => r.table_name);
  const { rows: fks } = await db.query<ForeignKey>(
    `SELECT ch.relname AS child, pa.relname AS parent,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS child_cols,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS parent_cols
     FROM pg_constraint c
     JOIN pg_class ch ON ch.oid = c.conrelid
     JOIN pg_class pa ON pa.oid = c.confrelid
     JOIN pg_namespace ns ON ns.oid = ch.relnamespace AND ns.nspname = current_schema()
     WHERE c.contype = 'f'`,
  );
  const tables = new Map<string, GroupTable>();
  for (const table of direct) tables.set(table, { table, where: 't.group_id = $1', references: [] });
  // Tables without a group column reached through one that has it (one level is all the schema needs;
  // a deeper chain would show up as a row left behind in the erasure test).
  for (const fk of fks) {
    if (tables.has(fk.child)) continue;
    if (!direct.includes(fk.parent)) continue;
    const cols = fk.child_cols.map((c) => `t.${ident(c)}`).join(', ');
    const pcols = fk.parent_cols.map((c) => `p.${ident(c)}`).join(', ');
    tables.set(fk.child, {
      table: fk.child,
      where: `(${cols}) IN (SELECT ${pcols} FROM ${ident(fk.parent)} p WHERE p.group_id = $1)`,
      references: [],
    });
  }
  tables.set('groups', { table: 'groups', where: 't.id = $1', references: [] });
  for (const fk of fks) {
    const child = tables.get(fk.child);
    if (child && fk.parent !== fk.child && tables.has(fk.parent)) child.references.push(fk.parent);
  }
  return [...tables.values()];
}

/** Referencing tables before the tables they reference, so deletes never trip a foreign key. */
export function deletionOrder(tables: GroupTable[]): GroupTable[] {
  const left = new Map(tables.map((t) => [t.table, t]));
  const out: GroupTable[] = [];
  while (left.size) {
    const next = [...left.values()].find((t) => ![...left.values()].some((o) => o !== t && o.references.includes(t.table)));
    // A reference cycle cannot be ordered; cascades resolve it, so take any table.
    const pick = next ?? left.values().next().value!;
    out.push(pick);
    left.delete(pick.table);
  }
  return out;
}

export const selectRows = (t: GroupTable) => `SELECT t.* FROM ${ident(t.table)} t WHERE ${t.where}`;
export const countRows = (t: GroupTable) => `SELECT count(*)::int AS n FROM ${ident(t.table)} t WHERE ${t.where}`;
export const deleteRows = (t: GroupTable) =>
  `WITH d AS (DELETE FROM ${ident(t.table)} t WHERE ${t.where} RETURNING 1) SELECT count(*)::int AS n FROM d`;

/** Rows per table for one group. */
export async function countGroupRows(db: Queryable, groupId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of await groupTables(db)) {
    const { rows } = await db.query<{ n: number }>(countRows(t), [groupId]);
    counts.set(t.table, rows[0].n);
  }
  return counts;
}
