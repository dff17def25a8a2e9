import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobQueueOptions } from './core/jobs.js';
import { loadPrivacyConfig, type PrivacyConfig } from './privacy/config.js';

/** The folder with package.json, whether this module runs from src/ or from the compiled dist/src/. */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'knowledge'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export interface LlmConfig {
  apiKey?: string;
  baseURL?: string;
  model: string;
  embeddingModel?: string;
  timeoutMs: number;
  /** Answers are requested as a stream and shown while written (OPENAI_STREAM=0 for a server that cannot stream). */
  stream?: boolean;
}

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  knowledgeDir: string;
  /** Undefined when no LLM is configured: answers are extractive and offline. */
  llm?: LlmConfig;
  /** How platform work is queued (concurrency, lease); defaults suit one small server. */
  jobs?: JobQueueOptions;
  /** Retention and erasure settings. */
  privacy: PrivacyConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const llmConfigured = Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.WERKTAFEL_DATA_DIR || path.join(PROJECT_ROOT, 'data')),
    knowledgeDir: path.resolve(env.WERKTAFEL_KNOWLEDGE_DIR || path.join(PROJECT_ROOT, 'knowledge', 'documents')),
    llm: llmConfigured
      ? {
          apiKey: env.OPENAI_API_KEY || 'not-needed',
          baseURL: env.OPENAI_BASE_URL || undefined,
          model: env.OPENAI_MODEL || 'gpt-4o-mini',
          // Embeddings only when asked for: a local chat server often has no embeddings endpoint.
          embeddingModel: env.OPENAI_EMBEDDING_MODEL || undefined,
          timeoutMs: Number(env.OPENAI_TIMEOUT_MS || 20000),
          stream: !/^(0|false|no|off)$/i.test(env.OPENAI_STREAM ?? ''),
        }
      : undefined,
    privacy: loadPrivacyConfig(env),
    jobs: jobOptions(env),
  };
}

function jobOptions(env: NodeJS.ProcessEnv): JobQueueOptions {
  const num = (v: string | undefined) => (v && Number(v) > 0 ? Number(v) : undefined);
  return {
    concurrency: num(env.WERKTAFEL_CONCURRENCY ?? env.SLACK_CONCURRENCY),
    leaseMs: num(env.WERKTAFEL_JOB_LEASE_MS),
    pollMs: num(env.WERKTAFEL_JOB_POLL_MS),
    maxAttempts: num(env.WERKTAFEL_JOB_MAX_ATTEMPTS),
  };
}
