import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.js';
import { backends, freshStore, tempDataDir, type Store } from './helpers/db.js';
import { scriptedSession } from './helpers/session.js';

// `werktafel groep lijst|export|wissen` as an administrator runs them, on a store a session wrote.

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/werktafel.js');

describe.each(backends)('werktafel groep on %s', (kind) => {
  let store: Store;
  let outDir: string;
  beforeAll(async () => {
    store = await freshStore(kind);
    outDir = tempDataDir('werktafel-export-');
    const app: TestApp = await testApp(kind, { store });
    try {
      await scriptedSession(app.bot, 'C-alfa', 'Alfa');
      await scriptedSession(app.bot, 'C-beta', 'Beta');
    } finally {
      await app.close();
    }
  }, 120_000);
  afterAll(async () => {
    await store?.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  const werktafel = (args: string[], input = '') =>
    spawnSync(process.execPath, [BIN, 'groep', ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        WERKTAFEL_DATA_DIR: store.dataDir,
        DATABASE_URL: store.databaseUrl ?? '',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
      },
    });

  it('lists the groups with their ids', () => {
    const r = werktafel(['lijst']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cli:w:C-alfa\t2\t/m);
    expect(r.stdout).toMatch(/^cli:w:C-beta\t2\t/m);
  });

  it('exports one group as a zip, found by its channel id', () => {
    const r = werktafel(['export', 'C-alfa', '--uit', outDir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('leden: 2');
    const file = r.stdout.match(/→ (.+\.zip)/)![1];
    const files = unzipSync(fs.readFileSync(file));
    expect(strFromU8(files['begrippen.md'])).toContain('Alfa v2');
    expect(strFromU8(files['vragen.csv'])).toContain('te lang Alfa');
    expect(
      Object.values(files)
        .map((b) => strFromU8(b))
        .join('\n'),
    ).not.toContain('Beta');
  });

  it('says which group is unknown', () => {
    const r = werktafel(['export', 'C-gamma']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Onbekende werkgroep');
  });

  it('erases only after confirmation, and only that group', () => {
    const no = werktafel(['wissen', 'cli:w:C-alfa'], 'nee\n');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain('definitief wissen');
    expect(no.stdout).toContain('Niets gewist');
    expect(werktafel(['lijst']).stdout).toContain('cli:w:C-alfa');

    const yes = werktafel(['wissen', 'cli:w:C-alfa'], 'ja\n');
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/Gewist \/ erased: leden: 2, begrippen: 1, begripsversies: 2, besluiten: 1/);
    expect(yes.stdout).toContain('gedeelde documenten blijven');
    const list = werktafel(['lijst']).stdout;
    expect(list).not.toContain('cli:w:C-alfa');
    expect(list).toContain('cli:w:C-beta');

    const scripted = werktafel(['wissen', 'C-beta', '--ja']);
    expect(scripted.status, scripted.stderr).toBe(0);
    expect(werktafel(['lijst']).stdout).toContain('Nog geen werkgroepen');
  });
});
