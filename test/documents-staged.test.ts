import { spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWerktafel } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeParsePool } from '../src/documents/parse-pool.js';
import { addGroupDocument, dropStagedDocuments, listDocuments, type OnBatch } from '../src/documents/store.js';
import { eraseGroup } from '../src/privacy/erase.js';
import { createAnswerer } from '../src/qa/pipeline.js';
import { openDb, type Db } from '../src/storage/db.js';
import { backends, freshStore, type Store } from './helpers/db.js';
import { QUESTION, WOONVISIE, WOONVISIE_TITLE, WOONVISIE_V2 } from './helpers/group-docs.js';
import { childEnv } from './helpers/env.js';
import type { Section } from './helpers/files.js';

// A group's document is stored staged, a batch of passages per transaction (WERKTAFEL_STORE_BATCH, 1 here), and
// shown in one transaction once the last batch is in. Meanwhile questions are answered without it and it is not
// listed; a store that fails or is cut off shows nothing, leaves no rows behind, and a retry stores one copy.

const GROUP = 'slack:T1:CSTAGED';
const FILE = 'woonvisie.md';

const markdown = (sections: Section[]) =>
  `# ${WOONVISIE_TITLE}\n\n${sections.map((s) => `## ${s.heading}\n\n${s.paragraphs.join('\n\n')}`).join('\n\n')}\n`;

/** A hook that stops the store after its first batch of passages (or of postings, after all passages) until `release`. */
function pauseAfterFirstBatch(phase: 'passages' | 'postings' = 'passages') {
  let done = false;
  let release!: () => void;
  let paused!: () => void;
  const reached = new Promise<void>((r) => (paused = r));
  const gate = new Promise<void>((r) => (release = r));
  return {
    reached,
    release: () => release(),
    onBatch: async (_stored: number, at: 'passages' | 'postings') => {
      if (at !== phase || done) return;
      done = true;
      paused();
      await gate;
    },
  };
}

describe.each(backends)('a group document stored in batches on %s', (kind) => {
  let t: { db: Db; store: Store };
  const env = { ...process.env };
  beforeAll(async () => {
    process.env.WERKTAFEL_STORE_BATCH = '1';
    // The shared documents ingested: a question about a group's own document is one the documents are about.
    const store = await freshStore(kind, { ingested: true });
    t = { store, db: await openDb({ databaseUrl: store.databaseUrl, dataDir: store.dataDir }) };
    await t.db.query("INSERT INTO groups (id, platform, workspace, channel) VALUES ($1, 'slack', 'T1', 'CSTAGED')", [GROUP]);
  }, 60_000);
  afterEach(async () => {
    await t.db.query('DELETE FROM documents WHERE group_id = $1', [GROUP]);
  });
  afterAll(async () => {
    process.env = env;
    await closeParsePool();
    await t?.db.close();
    await t?.store.drop();
  });

  const add = (sections: Section[], onBatch?: OnBatch) =>
    addGroupDocument(t.db, GROUP, { file: FILE, title: WOONVISIE_TITLE, text: markdown(sections), addedBy: 'U1' }, { onBatch });
  const ask = async () => {
    const qa = createAnswerer(t.db, { ...loadConfig({}), dataDir: t.store.dataDir });
    return JSON.stringify(await qa.answer(QUESTION, { group: GROUP }));
  };
  const own = async () => (await listDocuments(t.db, GROUP)).filter((d) => d.groupId === GROUP);
  /** The group's documents and passages, staged ones included. */
  const rows = async () => {
    const { rows: r } = await t.db.query<{ documents: number; passages: number }>(
      `SELECT count(DISTINCT d.id)::int AS documents, count(p.id)::int AS passages
       FROM documents d LEFT JOIN passages p ON p.document_id = d.id WHERE d.group_id = $1`,
      [GROUP],
    );
    return r[0];
  };
  /** Postings rows no group owns: a staged document's, left behind. */
  const strayPostings = async () => {
    const { rows: r } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM term_postings WHERE group_id <> '' AND group_id NOT IN (SELECT id FROM groups)",
    );
    return r[0].n;
  };

  it('answers and lists without a document still being stored, and shows it whole once stored', async () => {
    // Every passage and part of the postings are in, staged: not listed, not cited.
    const pause = pauseAfterFirstBatch('postings');
    const storing = add(WOONVISIE, pause.onBatch);
    await pause.reached;
    expect(await own()).toEqual([]);
    expect(await ask()).not.toContain('veertig tussenvoorzieningen');
    pause.release();
    const added = await storing;
    expect(added.document.passages).toBeGreaterThan(1);
    expect((await own()).map((d) => [d.title, d.passages])).toEqual([[WOONVISIE_TITLE, added.document.passages]]);
    expect(await ask()).toContain('veertig tussenvoorzieningen');

    // A new version being stored: the old one is listed and answered from until the swap.
    const again = pauseAfterFirstBatch('postings');
    const replacing = add(WOONVISIE_V2, again.onBatch);
    await again.reached;
    expect((await own()).map((d) => [d.title, d.passages])).toEqual([[WOONVISIE_TITLE, added.document.passages]]);
    const meanwhile = await ask();
    expect(meanwhile).toContain('veertig tussenvoorzieningen');
    expect(meanwhile).not.toContain('zestig');
    again.release();
    expect((await replacing).replaced).toBe(true);
    expect(await own()).toHaveLength(1);
    expect(await ask()).toContain('zestig tussenvoorzieningen');
  }, 60_000);

  it('shows nothing and keeps no rows when a store fails midway; a retry stores one copy', async () => {
    const failing = add(WOONVISIE, async (_stored, phase) => {
      if (phase === 'postings') throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await own()).toEqual([]);
    expect(await rows()).toEqual({ documents: 0, passages: 0 });
    expect(await strayPostings()).toBe(0);
    expect(await ask()).not.toContain('veertig tussenvoorzieningen');

    const added = await add(WOONVISIE);
    expect(await rows()).toEqual({ documents: 1, passages: added.document.passages });
    expect(await ask()).toContain('veertig tussenvoorzieningen');
  }, 60_000);

  it("keeps the group's words those of the shown version: a replaced version's go at the swap, a failed swap changes none", async () => {
    /** The group's own words (typo correction, "not in the documents") among these. */
    const words = async (...among: string[]) => {
      const { rows: r } = await t.db.query<{ word: string }>('SELECT word FROM group_vocabulary WHERE group_id = $1 AND word = ANY($2)', [
        GROUP,
        among,
      ]);
      return r.map((w) => w.word).sort();
    };
    await add(WOONVISIE);
    expect(await words('veertig', 'vechtdal', 'zestig')).toEqual(['vechtdal', 'veertig']);

    // The swap refused (as a full disk would) after the new version's words were written ahead.
    await t.db.exec(`CREATE FUNCTION refuse_swap() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'swap refused'; END $$;
      CREATE TRIGGER refuse_swap BEFORE UPDATE ON documents FOR EACH ROW WHEN (OLD.staged_at IS NOT NULL AND NEW.staged_at IS NULL)
      EXECUTE FUNCTION refuse_swap();`);
    try {
      await expect(add(WOONVISIE_V2)).rejects.toThrow('swap refused');
    } finally {
      await t.db.exec('DROP TRIGGER refuse_swap ON documents; DROP FUNCTION refuse_swap();');
    }
    expect(await words('veertig', 'vechtdal', 'zestig')).toEqual(['vechtdal', 'veertig']);
    expect(await ask()).toContain('veertig tussenvoorzieningen');

    await add(WOONVISIE_V2);
    expect(await words('veertig', 'vechtdal', 'zestig')).toEqual(['zestig']);
  }, 60_000);

  it("removes what a crashed store left staged, on retry and at start-up, and the crashed store's rest comes to nothing", async () => {
    // A store cut off after one batch (its process died): its row stops being renewed.
    const crashed = pauseAfterFirstBatch();
    const dead = add(WOONVISIE, crashed.onBatch);
    await crashed.reached;
    await t.db.query("UPDATE documents SET staged_at = now() - interval '1 hour' WHERE group_id = $1", [GROUP]);
    // The job taken again: the leftover goes, one copy is stored.
    const added = await add(WOONVISIE);
    expect(await rows()).toEqual({ documents: 1, passages: added.document.passages });
    // Were the first store alive after all, its next batch finds its row gone: it fails and shows nothing.
    crashed.release();
    await expect(dead).rejects.toThrow(/staged document was removed/);
    expect(await rows()).toEqual({ documents: 1, passages: added.document.passages });
    expect(await own()).toHaveLength(1);

    // At start-up: a stale staged row goes, one still being renewed (another instance storing) stays.
    const live = pauseAfterFirstBatch();
    const storing = add(WOONVISIE_V2, live.onBatch);
    await live.reached;
    expect(await dropStagedDocuments(t.db)).toBe(0);
    await t.db.query("UPDATE documents SET staged_at = now() - interval '1 hour' WHERE group_id = $1 AND staged_at IS NOT NULL", [GROUP]);
    expect(await dropStagedDocuments(t.db)).toBe(1);
    live.release();
    await expect(storing).rejects.toThrow(/staged document was removed/);
    expect(await rows()).toEqual({ documents: 1, passages: added.document.passages });
    expect(await strayPostings()).toBe(0);
    expect(await ask()).toContain('veertig tussenvoorzieningen');
  }, 60_000);

  it('erases staged rows with the group, and a store under way then stores nothing', async () => {
    const pause = pauseAfterFirstBatch('postings');
    const storing = add(WOONVISIE, pause.onBatch);
    await pause.reached;
    expect((await rows()).passages).toBeGreaterThan(1);
    expect(await strayPostings()).toBeGreaterThan(0);
    await eraseGroup(t.db, GROUP);
    expect(await rows()).toEqual({ documents: 0, passages: 0 });
    expect(await strayPostings()).toBe(0);
    pause.release();
    await expect(storing).rejects.toThrow(/staged document was removed/);
    expect(await rows()).toEqual({ documents: 0, passages: 0 });
    await t.db.query("INSERT INTO groups (id, platform, workspace, channel) VALUES ($1, 'slack', 'T1', 'CSTAGED')", [GROUP]);
  }, 60_000);
});

// A real SIGKILL between two batches (PGlite, one process per data directory): after the restart the half-stored
// document was never visible, start-up removed its rows, and storing it again gives one copy.
it('a store killed between batches leaves nothing visible; start-up removes its rows and a retry stores one copy', async () => {
  const store = await freshStore('pglite', { ingested: true });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/store-child.ts'], {
      env: childEnv({
        WERKTAFEL_DATA_DIR: store.dataDir,
        WERKTAFEL_STORE_BATCH: '1',
        STORE_GROUP: GROUP,
        STORE_TITLE: WOONVISIE_TITLE,
        STORE_TEXT: markdown(WOONVISIE),
        LOG_LEVEL: 'silent',
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(readline.createInterface({ input: child.stdout }), 'line')) as [string];
    expect(line).toBe('staged');
    child.kill('SIGKILL');
    await once(child, 'exit');

    const app = await createWerktafel({ config: { ...loadConfig({}), dataDir: store.dataDir }, features: [] });
    try {
      const { db } = app.services;
      const { rows } = await db.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM documents WHERE group_id = $1)::int + (SELECT count(*) FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.group_id = $1)::int AS n',
        [GROUP],
      );
      expect(rows[0].n).toBe(0);
      const added = await addGroupDocument(db, GROUP, { file: FILE, title: WOONVISIE_TITLE, text: markdown(WOONVISIE), addedBy: 'U1' });
      const listed = (await listDocuments(db, GROUP)).filter((d) => d.groupId === GROUP);
      expect(listed.map((d) => [d.title, d.passages])).toEqual([[WOONVISIE_TITLE, added.document.passages]]);
      const qa = createAnswerer(db, { ...loadConfig({}), dataDir: store.dataDir });
      expect(JSON.stringify(await qa.answer(QUESTION, { group: GROUP }))).toContain('veertig tussenvoorzieningen');
    } finally {
      await app.close();
    }
  } finally {
    await store.drop();
  }
}, 120_000);
