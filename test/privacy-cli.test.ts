import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.js';
import { backends, freshStore, tempDataDir, type Store } from './helpers/db.js';
import { scriptedSession } from './helpers/session.js';
import { runWerktafel } from './helpers/werktafel-cli.js';

// `werktafel groep lijst|export|wissen` as an administrator runs them, on a store a session wrote.

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
  }, 180_000);
  afterAll(async () => {
    await store?.drop();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  // Each run is a process of its own (1–3 s here); the timeouts are for a slow, loaded CI machine.
  const werktafel = (args: string[], input = '') =>
    runWerktafel(['groep', ...args], { dataDir: store.dataDir, databaseUrl: store.databaseUrl, input });

  it('lists the groups with their ids', async () => {
    const r = await werktafel(['lijst']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cli:w:C-alfa\t2\t/m);
    expect(r.stdout).toMatch(/^cli:w:C-beta\t2\t/m);
  }, 120_000);

  it('exports one group as a zip, found by its channel id', async () => {
    const r = await werktafel(['export', 'C-alfa', '--uit', outDir]);
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
  }, 120_000);

  it('says which group is unknown', async () => {
    const r = await werktafel(['export', 'C-gamma']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Onbekende werkgroep');
  }, 120_000);

  it('erases only after confirmation, and only that group', async () => {
    const no = await werktafel(['wissen', 'cli:w:C-alfa'], 'nee\n');
    expect(no.status).toBe(1);
    expect(no.stdout).toContain('definitief wissen');
    expect(no.stdout).toContain('Niets gewist');
    expect((await werktafel(['lijst'])).stdout).toContain('cli:w:C-alfa');

    const yes = await werktafel(['wissen', 'cli:w:C-alfa'], 'ja\n');
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/Gewist \/ erased: leden: 2, begrippen: 1, begripsversies: 2, besluiten: 1/);
    expect(yes.stdout).toContain('gedeelde documenten blijven');
    const list = (await werktafel(['lijst'])).stdout;
    expect(list).not.toContain('cli:w:C-alfa');
    expect(list).toContain('cli:w:C-beta');

    const scripted = await werktafel(['wissen', 'C-beta', '--ja']);
    expect(scripted.status, scripted.stderr).toBe(0);
    expect((await werktafel(['lijst'])).stdout).toContain('Nog geen werkgroepen');
  }, 240_000);
});
