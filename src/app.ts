import { Bot } from './core/bot.js';
import type { Feature, Services } from './core/feature.js';
import { type Config, loadConfig } from './config.js';
import { createLlm } from './llm/client.js';
import { createAnswerer } from './qa/pipeline.js';
import { ensureEmbeddings } from './retrieval/vectors.js';
import { openDb, type Db } from './storage/db.js';
import { ensureIngested, type IngestProgress } from './ingest/ingest.js';
import { closeParsePool } from './documents/parse-pool.js';
import { dropStagedDocuments, reparseGroupDocuments } from './documents/store.js';
import { membership } from './groups/membership.js';
import { log } from './log.js';

export interface Werktafel {
  bot: Bot;
  services: Services;
  db: Db;
  close(): Promise<void>;
}

export interface CreateOptions {
  config?: Config;
  features?: Feature[];
  /** Ingest new or changed documents before answering (default true). */
  ingest?: boolean;
  onIngestProgress?: IngestProgress;
}

/** Opens storage, brings the knowledge base up to date and wires the features into a Bot. */
export async function createWerktafel(opts: CreateOptions = {}): Promise<Werktafel> {
  const config = opts.config ?? loadConfig();
  const db = await openDb(config);
  try {
    if (opts.ingest !== false) {
      await ensureIngested(db, config, { onProgress: opts.onIngestProgress });
      // A store cut off by a crash left its document staged: never shown, removed here. PGlite has one process, so
      // every staged row is a leftover; on a server another instance may be storing, and only stale ones go.
      await dropStagedDocuments(db, db.kind === 'pglite' ? { staleMs: 0 } : {});
      await reparseGroupDocuments(db);
    }
    // Loaded on demand: `werktafel ask` needs no chat features and starts faster without them.
    const wired = opts.features ? null : await import('./features.js');
    const features = opts.features ?? wired!.allFeatures();
    if (opts.ingest !== false && config.llm?.embeddingModel) {
      // Embeddings improve ranking but are optional: an unreachable endpoint must not stop the bot.
      await ensureEmbeddings(db, createLlm(config.llm)).catch((err: Error) => log.warn({ err: err.message }, 'embeddings skipped'));
    }
    const services: Services = { db, config, features, qa: createAnswerer(db, config), answerHooks: wired?.answerHooks() ?? [] };
    const bot = new Bot({ services, features, membership: membership(db) });
    const close = async () => {
      await bot.jobs.stop();
      await closeParsePool();
      await db.close();
    };
    return { bot, services, db, close };
  } catch (err) {
    await db.close();
    throw err;
  }
}
