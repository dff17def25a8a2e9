import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createWerktafel, type Werktafel } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freshStore, type Store } from './db.js';

export interface TestApp extends Werktafel {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * A complete bot on a fresh store with the project's documents ingested.
 * `env` may add LLM settings (OPENAI_BASE_URL ...) for nock'd tests; pass `store` to reopen one (restart tests).
 */
export async function testApp(
  kind: 'pglite' | 'postgres' = 'pglite',
  opts: { env?: NodeJS.ProcessEnv; store?: Store } = {},
): Promise<TestApp> {
  const store = opts.store ?? (await freshStore(kind, { ingested: true }));
  const config = {
    ...loadConfig({ ...(opts.env ?? {}) }),
    databaseUrl: store.databaseUrl,
    dataDir: store.dataDir,
    knowledgeDir: path.join(PROJECT_ROOT, 'knowledge', 'documents'),
  };
  const app = await createWerktafel({ config });
  return {
    ...app,
    store,
    async cleanup() {
      await app.close();
      await store.drop();
    },
  };
}

/**
 * A test app for the tests of the enclosing describe block (or file): made before them, cleaned up after them.
 * Read `.app` inside a test or hook, not where the block is declared. The timeout is the hook's: a fresh store
 * and a start take a while on a loaded machine.
 */
export function testAppForSuite(
  kind: 'pglite' | 'postgres' = 'pglite',
  opts: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): { readonly app: TestApp; restart(): Promise<void> } {
  let app: TestApp | undefined;
  const current = () => {
    if (!app) throw new Error('the test app is made in beforeAll; read it inside a test or hook');
    return app;
  };
  beforeAll(async () => {
    app = await testApp(kind, { env: opts.env });
  }, opts.timeout ?? 180_000);
  afterAll(async () => {
    await app?.cleanup();
  });
  return {
    get app() {
      return current();
    },
    /** Closes the app and starts a new one on the same store, as a restarted process. */
    async restart() {
      const { store } = current();
      await current().close();
      app = await testApp(kind, { env: opts.env, store });
    },
  };
}
