import type OpenAI from 'openai';
import type { LlmConfig } from '../config.js';
import type { ChatMessage } from './prompts.js';

// Thin wrapper over any OpenAI-compatible server (OpenAI itself, or a local one via OPENAI_BASE_URL).

export interface Llm {
  readonly model: string;
  readonly embeddingModel?: string;
  /** One completion of a system message (rules) and a user message (fenced data). */
  chat(messages: ChatMessage[], opts?: { timeoutMs?: number }): Promise<string>;
  embed(texts: string[]): Promise<number[][]>;
}

export function createLlm(config: LlmConfig): Llm {
  // No SDK retries: a slow or failing model must fall back to the offline answer quickly.
  // The SDK loads on first use, so an offline start does not pay for it.
  let sdk: Promise<OpenAI> | undefined;
  const client = () =>
    (sdk ??= import('openai').then(
      ({ default: OpenAI }) => new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: config.timeoutMs, maxRetries: 0 }),
    ));
  return {
    model: config.model,
    embeddingModel: config.embeddingModel,
    async chat(messages, opts = {}) {
      const r = await (await client()).chat.completions.create(
        { model: config.model, temperature: 0.1, messages },
        { timeout: opts.timeoutMs ?? config.timeoutMs },
      );
      return r.choices[0]?.message?.content?.trim() ?? '';
    },
    async embed(texts) {
      if (!config.embeddingModel) throw new Error('No embedding model configured (OPENAI_EMBEDDING_MODEL)');
      const r = await (await client()).embeddings.create({ model: config.embeddingModel, input: texts });
      return r.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    },
  };
}
