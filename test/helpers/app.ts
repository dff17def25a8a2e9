import path from 'node:path';
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
