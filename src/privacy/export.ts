import { strToU8, zipSync } from 'fflate';
import { type CsvColumn, toCsv } from '../core/csv.js';
import type { CommandContext, Services } from '../core/feature.js';
import { t } from '../core/i18n.js';
import { type Labelled, sourceLabel } from '../core/source-label.js';
import type { Language } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { groupTables, selectRows } from './catalog.js';
import { documentFiles } from '../documents/archive.js';
import { kindLabel, sortedCounts } from './kinds.js';

// Everything stored for one working group as one zip: every row as JSON (data/<table>.json, from the
// catalog, so nothing is left out), readable CSV and Markdown next to it, and the features' own
// reports (steps, decisions) as the group knows them from `export`.

export interface GroupRow {
  id: string;
  platform: string;
  workspace: string;
  channel: string;
  created_at: Date;
}

export interface GroupArchive {
  name: string;
  bytes: Uint8Array;
  /** Rows per table. */
  counts: Map<string, number>;
  /** LEESMIJ.md: what the archive holds. */
  readme: string;
}

type Row = Record<string, unknown>;

export async function findGroup(db: Queryable, groupId: string): Promise<GroupRow | null> {
  const { rows } = await db.query<GroupRow>('SELECT * FROM groups WHERE id = $1', [groupId]);
  return rows[0] ?? null;
}

/** Every row of the group, per table. */
export async function groupRows(db: Queryable, groupId: string): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const table of await groupTables(db)) out.set(table.table, (await db.query<Row>(selectRows(table), [groupId])).rows);
  return out;
}

/** Rows as JSON; a binary column (an offered file) is named by its size, not spelled out byte by byte. */
const json = (v: unknown) =>
  JSON.stringify(
    v,
    function (this: Record<string, unknown>, k, x) {
      const raw = this[k];
      if (raw instanceof Uint8Array) return `(${raw.length} bytes)`;
      return typeof x === 'bigint' ? x.toString() : x;
    },
    2,
  );
const byKey = <T extends Row>(rows: T[], key: string) => {
  const m = new Map<unknown, T[]>();
  for (const r of rows) m.set(r[key], [...(m.get(r[key]) ?? []), r]);
  return m;
};
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d == null ? '' : String(d));

/** A stored value as a spreadsheet cell: dates stay dates, lists and objects become text. */
function cell(v: unknown): string | number | Date | null {
  if (v == null || typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v ?? null;
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/** CSV of rows under the columns' headers (locales privacy.col.<name>), through the bot's one CSV writer. */
function csv(names: string[], rows: Row[], lang: Language): string {
  const columns: CsvColumn<Row>[] = names.map((name) => ({ header: `privacy.col.${name}`, value: (r) => cell(r[name]) }));
  return toCsv(rows, columns, lang);
}

function membersCsv(data: Map<string, Row[]>, lang: Language): string {
  return csv(['user_id', 'display_name', 'organisation', 'org_kind', 'role', 'updated_at'], data.get('members') ?? [], lang);
}

type StoredCitation = Partial<Labelled> & { document?: string; section?: string };

/** The questions and their sources, each source by the label members read ("VNG-handreiking 2022, §5.1 …, p. 43"). */
async function questionsCsv(db: Queryable, data: Map<string, Row[]>, lang: Language): Promise<string> {
  const feedback = byKey(data.get('feedback') ?? [], 'answer_id');
  const answers = data.get('answers') ?? [];
  const cited = (a: Row) => (a.citations as StoredCitation[] | null) ?? [];
  // Citations stored before they carried their title are named from the documents table.
  const untitled = [
    ...new Set(
      answers.flatMap((a) =>
        cited(a)
          .filter((c) => !c.title && c.document)
          .map((c) => c.document!),
      ),
    ),
  ];
  const titles = new Map<string, string>();
  if (untitled.length) {
    const { rows } = await db.query<{ doc_id: string; title: string }>(
      'SELECT doc_id, title FROM documents WHERE doc_id = ANY($1::text[])',
      [untitled],
    );
    for (const r of rows) titles.set(r.doc_id, r.title);
  }
  const label = (c: StoredCitation) =>
    sourceLabel(
      {
        ...c,
        title: c.title ?? titles.get(c.document ?? '') ?? t(lang, 'privacy.archive.removed_document'),
        section: c.section ?? '',
        page: c.page ?? null,
      },
      lang,
    );
  const rows = answers.map((a) => {
    const votes = feedback.get(a.id) ?? [];
    return {
      ...a,
      citations: cited(a).map(label).join('; '),
      thumbs_up: votes.filter((v) => v.rating === 1).length,
      thumbs_down: votes.filter((v) => v.rating === -1).length,
      comments: votes
        .map((v) => v.comment)
        .filter(Boolean)
        .join(' | '),
    };
  });
  return csv(
    [
      'created_at',
      'user_id',
      'language',
      'question',
      'answer',
      'abstained',
      'generated',
      'citations',
      'thumbs_up',
      'thumbs_down',
      'comments',
    ],
    rows,
    lang,
  );
}

function glossaryFiles(data: Map<string, Row[]>, lang: Language): Record<string, string> {
  const versions = byKey(data.get('glossary_versions') ?? [], 'term_id');
  const rows: Row[] = [];
  const md = [`# ${t(lang, 'privacy.archive.glossary')}`, ''];
  for (const term of data.get('glossary_terms') ?? []) {
    md.push(`## ${term.term}`, '');
    for (const v of (versions.get(term.id) ?? []).sort((a, b) => Number(a.version) - Number(b.version))) {
      rows.push({ term: term.term, ...v });
      const who = [v.author_name ?? v.author_id, v.organisation].filter(Boolean).join(', ');
      const agreed = v.agreed_at
        ? ` · ${t(lang, 'privacy.archive.agreed_by', { name: String(v.agreed_by_name ?? v.agreed_by_id), at: iso(v.agreed_at) })}`
        : '';
      md.push(`- v${v.version} (${v.status}, ${iso(v.created_at)}, ${who}${agreed}): ${String(v.definition).replace(/\n+/g, ' ')}`);
    }
    md.push('');
  }
  const columns = [
    'term',
    'version',
    'status',
    'definition',
    'domain',
    'synonyms',
    'author_id',
    'author_name',
    'organisation',
    'created_at',
    'agreed_by_id',
    'agreed_by_name',
    'agreed_at',
  ];
  return { 'begrippen.md': md.join('\n'), 'begrippen.csv': csv(columns, rows, lang) };
}

function decisionHistoryCsv(data: Map<string, Row[]>, lang: Language): string {
  const numbers = new Map((data.get('decisions') ?? []).map((d) => [d.id, d.number]));
  const rows = (data.get('decision_events') ?? []).map((e) => ({ number: numbers.get(e.decision_id), ...e }));
  return csv(['number', 'status', 'reason', 'old_text', 'actor_id', 'actor_name', 'organisation', 'at'], rows, lang);
}

function stepAnswersCsv(data: Map<string, Row[]>, lang: Language): string {
  const runs = new Map((data.get('step_runs') ?? []).map((r) => [r.id, r.step_key]));
  const rows = (data.get('step_answers') ?? []).map((a) => ({ step: runs.get(a.run_id), ...a }));
  return csv(
    [
      'step',
      'item_code',
      'answer_id',
      'version',
      'user_id',
      'member_name',
      'organisation',
      'org_kind',
      'body',
      'withdrawn',
      'facts',
      'ref_year',
      'created_at',
    ],
    rows,
    lang,
  );
}

/** The features' own exports (step report, decision log), run as if the group asked `export <what>`. */
async function featureReports(services: Services, group: GroupRow, lang: Language): Promise<Record<string, string>> {
  const ctx: CommandContext = {
    services,
    groupId: group.id,
    lang,
    msg: {
      platform: group.platform as CommandContext['msg']['platform'],
      workspace: group.workspace,
      channel: group.channel,
      user: { id: 'werktafel' },
      text: '',
    },
    member: { groupId: group.id, userId: 'werktafel', displayName: null, organisation: null, orgKind: null, role: 'lid' },
    args: '',
    word: 'export',
  };
  const files: Record<string, string> = {};
  for (const exporter of services.features.flatMap((f) => f.exporters ?? [])) {
    const args = exporter.keywords[0] ?? '';
    for (const reply of await exporter.run({ ...ctx, args }, args)) {
      if (reply.file && !reply.file.bytes) files[`rapporten/${reply.file.name}`] = reply.file.content;
    }
  }
  return files;
}

export async function exportGroup(services: Services, groupId: string, lang: Language = 'nl'): Promise<GroupArchive | null> {
  const db = services.db;
  const group = await findGroup(db, groupId);
  if (!group) return null;
  const data = await groupRows(db, groupId);
  const day = new Date().toISOString().slice(0, 10);
  const texts: Record<string, string> = {
    'leden.csv': membersCsv(data, lang),
    'vragen.csv': await questionsCsv(db, data, lang),
    ...glossaryFiles(data, lang),
    'besluiten-geschiedenis.csv': decisionHistoryCsv(data, lang),
    'stapantwoorden.csv': stepAnswersCsv(data, lang),
    ...documentFiles(data),
    ...(await featureReports(services, group, lang)),
  };
  for (const [table, rows] of data) texts[`data/${table}.json`] = json(rows);
  const counts = new Map([...data].map(([table, rows]) => [table, rows.length]));
  const files = ['LEESMIJ.md', ...Object.keys(texts)];
  const readme = [
    `# ${t(lang, 'privacy.archive.title', { group: group.id })}`,
    '',
    t(lang, 'privacy.archive.intro', { date: day, platform: group.platform, channel: group.channel }),
    '',
    ...sortedCounts(counts).map(([table, n]) => `- ${kindLabel(lang, table)}: ${n}`),
    '',
    t(lang, 'privacy.archive.files'),
    '',
    ...files.map((f) => `- \`${f}\``),
    '',
  ].join('\n');
  const entries: Record<string, Uint8Array> = { 'LEESMIJ.md': strToU8(readme) };
  for (const [name, content] of Object.entries(texts)) entries[name] = strToU8(content);
  const safeName = group.channel.replace(/[^\w.-]+/g, '_').slice(0, 60);
  return { name: `werktafel-gegevens-${group.platform}-${safeName}-${day}.zip`, bytes: zipSync(entries, { level: 6 }), counts, readme };
}
