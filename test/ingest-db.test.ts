import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { ensureIngested } from '../src/ingest/ingest.js';
import { createAnswerer } from '../src/qa/pipeline.js';
import { backends, freshDb, tempDataDir, type TestDb } from './helpers/db.js';

const DOCS = path.join(PROJECT_ROOT, 'knowledge', 'documents');
const USER_DOC = `# Werkafspraken Woonwerkgroep Zwolle

## Wachtlijstbeheer

De werkgroep spreekt af dat de corporatie elk kwartaal een geanonimiseerde lijst van wachtende jongeren deelt met de gemeente.

## Overleg

Het kernteam komt elke tweede dinsdag van de maand bijeen in het stadskantoor.
`;

describe.each(backends)('ingestion into %s', (kind) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshDb(kind);
    dir = tempDataDir('werktafel-knowledge-');
    // One catalog document and one document of the group's own.
    const catalog = JSON.parse(fs.readFileSync(path.join(DOCS, 'catalog.json'), 'utf8'));
    const entry = catalog.documents.find((d: { file: string }) => d.file.startsWith('003_'));
    fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify({ documents: [entry] }));
    fs.copyFileSync(path.join(DOCS, entry.file), path.join(dir, entry.file));
    fs.writeFileSync(path.join(dir, 'werkafspraken-zwolle.md'), USER_DOC);
  });
  afterAll(async () => {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ingests new documents, then only what changed, and drops removed ones', async () => {
    const first = await ensureIngested(t.db, { knowledgeDir: dir });
    expect(first.ingested.sort()).toEqual(['003_8c270d8e4371a908.txt', 'werkafspraken-zwolle.md']);
    expect(first.passages).toBeGreaterThan(20);

    const again = await ensureIngested(t.db, { knowledgeDir: dir });
    expect(again.ingested).toEqual([]);
    expect(again.unchanged).toHaveLength(2);

    fs.appendFileSync(
      path.join(dir, 'werkafspraken-zwolle.md'),
      '\n## Evaluatie\n\nIn december evalueren we de afspraken met alle partners.\n',
    );
    const changed = await ensureIngested(t.db, { knowledgeDir: dir });
    expect(changed.ingested).toEqual(['werkafspraken-zwolle.md']);

    const { rows } = await t.db.query<{ doc_id: string; title: string }>('SELECT doc_id, title FROM documents ORDER BY doc_id');
    expect(rows.map((r) => r.doc_id)).toEqual(['ozj-zelfstandige-huisvesting-jongeren-jeugdzorg-2021', 'werkafspraken-zwolle']);
  });

  it("answers from the group's own document with its line range", async () => {
    const qa = createAnswerer(t.db, { ...loadConfig({}), knowledgeDir: dir, dataDir: dir });
    const a = await qa.answer('Hoe vaak deelt de corporatie de lijst van wachtende jongeren met de gemeente?');
    const c = a.citations.find((x) => x.document === 'werkafspraken-zwolle');
    expect(c).toBeDefined();
    const lines = USER_DOC.split('\n');
    const kwartaal = lines.findIndex((l) => l.includes('elk kwartaal')) + 1;
    expect(c!.lines[0]).toBeLessThanOrEqual(kwartaal);
    expect(c!.lines[1]).toBeGreaterThanOrEqual(kwartaal);
    expect(c!.section).toMatch(/Wachtlijstbeheer/);
  });

  it('removes a document that left the folder', async () => {
    fs.rmSync(path.join(dir, 'werkafspraken-zwolle.md'));
    const r = await ensureIngested(t.db, { knowledgeDir: dir });
    expect(r.removed).toEqual(['werkafspraken-zwolle.md']);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.file = 'werkafspraken-zwolle.md'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
