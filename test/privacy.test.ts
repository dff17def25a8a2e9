import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Queryable } from '../src/storage/db.js';
import { groupTables } from '../src/privacy/catalog.js';
import { eraseGroup } from '../src/privacy/erase.js';
import { exportGroup } from '../src/privacy/export.js';
import { prune, startPruning } from '../src/privacy/retention.js';
import { pendingErasure, scheduleErasure } from '../src/privacy/schedule.js';
import { type TestApp, testApp } from './helpers/app.js';
import { backends } from './helpers/db.js';
import { cliMsg } from './helpers/cli-message.js';
import { scriptedSession } from './helpers/session.js';

// The group's data under its control (issue 10, item 8): export, erasure, `gegevens`, retention
// and erasure scheduled by the platform, on both back-ends.

/** Every table with a group column, straight from the catalog: a table added later is checked too. */
async function rowsPerGroupTable(db: Queryable, groupId: string): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'group_id'`,
  );
  expect(tables.length).toBeGreaterThan(8);
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE group_id = $1`, [groupId]);
    out[table_name] = rows[0].n;
  }
  out.groups = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM groups WHERE id = $1', [groupId])).rows[0].n;
  return out;
}

/** Rows of tables without a group column that hang off a group's rows. */
async function childRows(db: Queryable, groupId: string) {
  const q = async (sql: string) => (await db.query<{ n: number }>(sql, [groupId])).rows[0].n;
  return {
    feedback: await q('SELECT count(*)::int AS n FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE a.group_id = $1'),
    glossary_versions: await q(
      'SELECT count(*)::int AS n FROM glossary_versions v JOIN glossary_terms g ON g.id = v.term_id WHERE g.group_id = $1',
    ),
    decision_events: await q(
      'SELECT count(*)::int AS n FROM decision_events e JOIN decisions d ON d.id = e.decision_id WHERE d.group_id = $1',
    ),
    step_run_items: await q('SELECT count(*)::int AS n FROM step_run_items i JOIN step_runs r ON r.id = i.run_id WHERE r.group_id = $1'),
    total: await q(`SELECT (SELECT count(*) FROM feedback)::int + (SELECT count(*) FROM glossary_versions)::int
                      + (SELECT count(*) FROM decision_events)::int + (SELECT count(*) FROM step_run_items)::int + 0 * length($1) AS n`),
  };
}

describe.each(backends)('privacy on %s', (kind) => {
  let app: TestApp;
  const A = 'cli:w:groep-a';
  const B = 'cli:w:groep-b';
  beforeAll(async () => {
    app = await testApp(kind);
    await scriptedSession(app.bot, 'groep-a', 'Alfa');
    await scriptedSession(app.bot, 'groep-b', 'Beta');
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
  });

  it('exports everything of one group as a zip of readable files, and nothing of another group', async () => {
    const archive = (await exportGroup(app.services, A))!;
    expect(archive.name).toMatch(/^werktafel-gegevens-cli-groep-a-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = Object.fromEntries(Object.entries(unzipSync(archive.bytes)).map(([name, b]) => [name, strFromU8(b)]));
    const all = Object.values(files).join('\n');
    expect(all).toContain('Alfa');
    expect(all).not.toContain('Beta');

    expect(files['LEESMIJ.md']).toContain('Gegevens van werkgroep cli:w:groep-a');
    expect(files['LEESMIJ.md']).toMatch(/- leden: 2/);
    // Members and organisations.
    expect(files['leden.csv']).toContain('Gemeente Utrecht');
    expect(files['leden.csv']).toContain('Woonstichting Alfa');
    // Glossary with its history: both versions.
    expect(files['begrippen.md']).toMatch(/v1 \(voorstel.*Verhuizen naar een zelfstandige woning \(Alfa v1\)/);
    expect(files['begrippen.md']).toMatch(/v2 \(voorstel.*Van beschermd wonen naar een eigen huis \(Alfa v2\)/);
    expect(files['begrippen.csv'].split('\r\n').filter(Boolean)).toHaveLength(3);
    // Decisions with history; a formula typed by a member stays text in the CSV.
    expect(files['besluiten-geschiedenis.csv']).toMatch(/^1;genomen;/m);
    expect(files['besluiten-geschiedenis.csv']).toContain("1;herzien;'=1+1 na overleg");
    const decisionsCsv = Object.entries(files).find(([n]) => /^rapporten\/besluiten-.*\.csv$/.test(n))?.[1];
    expect(decisionsCsv).toContain('HYPERLINK');
    expect(files['data/decisions.json']).toContain('=HYPERLINK');
    // Step runs and answers, also as the step report.
    expect(files['stapantwoorden.csv']).toContain('45 jongeren tussen 18 en 23 (Alfa monitor 2024)');
    expect(Object.keys(files).some((n) => /^rapporten\/werktafel-stappen-.*\.md$/.test(n))).toBe(true);
    // Question log and feedback.
    expect(files['vragen.csv']).toContain('Wat is omklappen van een huurcontract?');
    expect(files['vragen.csv']).toContain('te lang Alfa');
    // Sources by the label members read, not by internal document id (issue 21).
    const cited = files['vragen.csv'].split('\r\n').find((l) => l.includes('Wat is omklappen van een huurcontract?'))!;
    expect(cited).toMatch(
      /(VNG-handreiking 2022|Corpovenista, Tussen wal en schip 2016|VNG, Woon-huurconstructies 2015|OZJ-handleiding Eigen Stek 2021|'Zo doen we dat!' 2021)[^;]*, /,
    );
    expect(files['vragen.csv']).not.toMatch(
      /vng-handreiking-woonzorg|corpovenista-tussen|vng-woon-huurconstructies|ozj-zelfstandige|zo-doen-we-dat-/,
    );
    // Raw rows of every table the group has rows in, posted cards and threads included.
    for (const table of [
      'groups',
      'members',
      'answers',
      'feedback',
      'glossary_terms',
      'glossary_versions',
      'glossary_names',
      'decisions',
      'decision_events',
      'step_runs',
      'step_run_items',
      'step_answers',
      'posted_cards',
      'bot_threads',
    ]) {
      const rows = JSON.parse(files[`data/${table}.json`]);
      expect(rows.length, table).toBeGreaterThan(0);
    }
    expect(JSON.parse(files['data/posted_cards.json'])[0].platform_ref).toEqual({ id: 'card-Alfa' });
  });

  it('`gegevens` gives the project leader counts, retention and the archive; others are referred to the leader', async () => {
    const refused = await app.bot.handle(cliMsg('groep-a', 'bob', 'werktafel gegevens'));
    expect(refused[0].text).toContain('Alleen een projectleider');
    expect(refused[0].text).toContain('Anna');
    expect(refused[0].file).toBeUndefined();

    const [r] = await app.bot.handle(cliMsg('groep-a', 'anna', 'werktafel gegevens'));
    expect(r.text).toMatch(
      /Opgeslagen voor deze werkgroep:\* leden: 2, begrippen: 1, begripsversies: 2, besluiten: 1, besluitwijzigingen: 2, stappen: 1, antwoordversies bij stappen: 1, vragen en antwoorden: 1, beoordelingen van antwoorden: 1/,
    );
    expect(r.text).toContain('365 dagen');
    expect(r.text).toContain('werktafel groep wissen cli:w:groep-a');
    expect(r.file!.mime).toBe('application/zip');
    const files = unzipSync(r.file!.bytes!);
    expect(strFromU8(files['leden.csv'])).toContain('Gemeente Utrecht');

    const [en] = await app.bot.handle(cliMsg('groep-a', 'anna', 'werktafel privacy: what do you store about us?'));
    expect(en.language).toBe('en');
    expect(en.text).toContain('Stored for this working group');
  });

  it('prunes old questions, feedback and event ids, and keeps recent ones', async () => {
    const db = app.db;
    await db.query(
      `INSERT INTO answers (id, group_id, user_id, question, language, abstained, answer, created_at)
       VALUES ('old-q', $1, 'anna', 'oude vraag', 'nl', false, 'oud antwoord', now() - interval '400 days'),
              ('mid-q', $1, 'anna', 'recente vraag', 'nl', false, 'antwoord', now() - interval '100 days')`,
      [B],
    );
    await db.query(
      `INSERT INTO feedback (answer_id, user_id, rating, created_at) VALUES ('old-q', 'bob', 1, now() - interval '399 days'),
         ('mid-q', 'bob', -1, now() - interval '370 days'), ('mid-q', 'anna', 1, now())`,
    );
    await db.query(
      `INSERT INTO jobs (platform, key, status, finished_at) VALUES ('slack', 'Ev-old', 'done', now() - interval '8 days'), ('slack', 'Ev-new', 'done', now() - interval '6 days')`,
    );
    const r = await prune(db, loadConfig({}).privacy);
    expect(r).toMatchObject({ answers: 1, events: 1 });
    const ids = async (sql: string) => (await db.query<{ id: string }>(sql)).rows.map((x) => x.id).sort();
    expect(await ids(`SELECT id FROM answers WHERE id IN ('old-q', 'mid-q')`)).toEqual(['mid-q']);
    expect(await ids(`SELECT user_id AS id FROM feedback WHERE answer_id = 'mid-q'`)).toEqual(['anna']);
    expect(await ids(`SELECT key AS id FROM jobs WHERE key LIKE 'Ev-%'`)).toEqual(['Ev-new']);
    // A shorter retention from the environment reaches the 100-day-old question too.
    await prune(db, loadConfig({ WERKTAFEL_RETENTION_DAYS: '30' }).privacy);
    expect(await ids(`SELECT id FROM answers WHERE id = 'mid-q'`)).toEqual([]);
    expect(() => loadConfig({ WERKTAFEL_RETENTION_DAYS: 'een jaar' })).toThrow(/WERKTAFEL_RETENTION_DAYS/);
    // Group A's fresh question log is untouched.
    expect((await db.query(`SELECT 1 FROM answers WHERE group_id = $1`, [A])).rows.length).toBeGreaterThan(0);
  });

  it('runs one pruning pass at a time across instances, without errors', async () => {
    const cfg = loadConfig({}).privacy;
    const results = await Promise.all([prune(app.db, cfg), prune(app.db, cfg), prune(app.db, cfg)]);
    expect(results.filter((r) => r !== null).length).toBeGreaterThanOrEqual(1);
    if (kind === 'postgres') {
      // Another instance in the middle of a pass (holding the lock on its own connection): this one skips.
      const skipped = await app.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(724012)');
        return prune(app.db, cfg);
      });
      expect(skipped).toBeNull();
    }
  });

  it('prunes once at start, then on its interval', async () => {
    await app.db.query(
      `INSERT INTO jobs (platform, key, status, finished_at) VALUES ('teams', 'start-old', 'done', now() - interval '30 days')`,
    );
    const pruner = startPruning(app.db, loadConfig({}).privacy);
    await pruner.first;
    await pruner.stop();
    expect((await app.db.query(`SELECT 1 FROM jobs WHERE key = 'start-old'`)).rows).toEqual([]);
  });

  it('knows every table: each belongs to a group (and is exported and erased) or is shared and holds no message text', async () => {
    // A new table that stores something of a group must have a group_id column (or reference such a table);
    // otherwise add it here only if it is truly shared, naming its text columns, none of which may hold
    // what members wrote (and say so in docs/privacy.md).
    const SHARED: Record<string, string[]> = {
      corpus_stats: ['version'],
      vocabulary: ['word', 'term'],
      passage_embeddings: ['model', 'embedding'],
      erased_places: ['platform', 'channel'],
      schema_migrations: ['version'],
    };
    // Shared rows (no group) next to a group's own documents (issue 15): exported and erased by their group id.
    const MIXED = ['documents', 'passages', 'term_postings'];
    const { rows } = await app.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const scoped = new Set((await groupTables(app.db)).map((t) => t.table));
    const unaccounted = rows.map((r) => r.table_name).filter((t) => !scoped.has(t) && !(t in SHARED));
    expect(unaccounted).toEqual([]);
    expect([...scoped].filter((t) => t in SHARED)).toEqual([]);
    expect(MIXED.filter((t) => !scoped.has(t))).toEqual([]);
    // Queued work and its effects hold message text: they carry the group key.
    expect(['jobs', 'job_effects'].filter((t) => !scoped.has(t))).toEqual([]);
    // A shared table's columns that could hold text are all named above (a new one is message text until shown otherwise).
    const { rows: columns } = await app.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
       AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const textInShared = columns.filter((c) => c.table_name in SHARED && !SHARED[c.table_name].includes(c.column_name));
    expect(textInShared.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([]);
  });

  it('erases every row of the group and leaves other groups and the documents untouched', async () => {
    const docsBefore = (await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages')).rows[0].n;
    const otherBefore = await rowsPerGroupTable(app.db, B);
    const otherChildren = await childRows(app.db, B);
    const before = await rowsPerGroupTable(app.db, A);
    expect(before.members).toBe(2);
    const mineChildren = await childRows(app.db, A);

    const done = await eraseGroup(app.db, A);
    expect(done.counts.get('members')).toBe(2);
    expect(done.counts.get('glossary_versions')).toBe(2);

    const after = await rowsPerGroupTable(app.db, A);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const children = await childRows(app.db, A);
    expect(children).toMatchObject({ feedback: 0, glossary_versions: 0, decision_events: 0, step_run_items: 0 });
    expect(children.total).toBe(
      mineChildren.total -
        mineChildren.feedback -
        mineChildren.glossary_versions -
        mineChildren.decision_events -
        mineChildren.step_run_items,
    );
    expect(await rowsPerGroupTable(app.db, B)).toEqual(otherBefore);
    expect(await childRows(app.db, B)).toMatchObject({ ...otherChildren, total: children.total });
    expect((await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages')).rows[0].n).toBe(docsBefore);
    expect(await exportGroup(app.services, A)).toBeNull();
  });

  it('carries out an erasure the platform asked for once its grace period is over', async () => {
    await app.bot.handle(cliMsg('groep-c', 'anna', 'werktafel organisatie Gemeente Zeist gemeente'));
    const C = 'cli:w:groep-c';
    // Scheduling matches the platform's groups only; the CLI group needs a platform for this test.
    await app.db.query(`UPDATE groups SET platform = 'teams' WHERE id = $1`, [C]);
    expect(await scheduleErasure(app.db, { platform: 'teams', workspaces: ['w'], channel: 'groep-c' }, 'teams:bot_removed', 30)).toEqual([
      C,
    ]);
    const pending = (await pendingErasure(app.db, C))!;
    expect(Math.round((pending.dueAt.getTime() - pending.requestedAt.getTime()) / 86_400_000)).toBe(30);
    const cfg = loadConfig({}).privacy;
    expect((await prune(app.db, cfg))!.erased).toEqual([]);
    await app.db.query(`UPDATE group_erasures SET due_at = now() - interval '1 minute' WHERE group_id = $1`, [C]);
    expect((await prune(app.db, cfg))!.erased).toEqual([C]);
    expect(Object.values(await rowsPerGroupTable(app.db, C)).every((n) => n === 0)).toBe(true);
    expect((await rowsPerGroupTable(app.db, B)).members).toBe(2);
  });
});
