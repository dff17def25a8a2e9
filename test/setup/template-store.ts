import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createWerktafel } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

// Once per run: the five documents ingested into a template store (a PGlite data directory, and with
// DATABASE_URL a Postgres template database). Fixtures copy it instead of ingesting again (test/helpers/db.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
    templateDatabase: string;
  }
}

async function ingestInto(databaseUrl: string | undefined, dataDir: string): Promise<void> {
  const config = { ...loadConfig({}), databaseUrl, dataDir, knowledgeDir: path.join(PROJECT_ROOT, 'knowledge', 'documents') };
  const app = await createWerktafel({ config, features: [] });
  await app.close();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-template-'));
  await ingestInto(undefined, dataDir);
  project.provide('templateDataDir', dataDir);

  const base = process.env.DATABASE_URL;
  const name = `werktafel_template_${process.pid}_${Date.now()}`;
  if (base) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    await ingestInto(url.toString(), fs.mkdtempSync(path.join(os.tmpdir(), 'werktafel-template-pg-')));
  }
  project.provide('templateDatabase', base ? name : '');

  return async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (base) {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  };
}
