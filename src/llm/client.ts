import type OpenAI from 'openai';
import type { LlmConfig } from '../config.js';
import type { ChatMessage } from './prompts.js';

// Thin wrapper over any OpenAI-compatible server (OpenAI itself, or a local one via OPENAI_BASE_URL).

export interface Llm {
  readonly model: string;
  readonly embeddingModel?: string;
  /** One completion of a system message (rules) and a user message (fenced data). */
  chat(messages: ChatMessage[], opts?: { timeoutMs?: number }): Promise<string>;
  /**
   * The answer as the model writes it, piece by piece. Throws when no piece arrives for `stallMs`
   * (default: the configured timeout) or when the stream ends without the model finishing.
   */
  stream(messages: ChatMessage[], opts?: { stallMs?: number }): AsyncIterable<string>;
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
      const r = await (
        await client()
      ).chat.completions.create({ model: config.model, temperature: 0.1, messages }, { timeout: opts.timeoutMs ?? config.timeoutMs });
      return r.choices[0]?.message?.content?.trim() ?? '';
    },
    async *stream(messages, opts = {}) {
      const stallMs = opts.stallMs ?? config.timeoutMs;
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const watch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => abort.abort(), stallMs);
      };
      watch();
      let finished = false;
      try {
        const chunks = await (
          await client()
        ).chat.completions.create(
          { model: config.model, temperature: 0.1, stream: true, messages },
          { signal: abort.signal, timeout: stallMs },
        );
        for await (const chunk of chunks) {
          watch();
          const choice = chunk.choices[0];
          if (choice?.delta?.content) yield choice.delta.content;
          if (choice?.finish_reason) finished = true;
        }
      } finally {
        clearTimeout(timer);
      }
      // A connection that closes halfway ends the iteration quietly: without a finish reason it is a failure.
      if (!finished) throw new Error('the model stream ended before the answer was finished');
    },
    async embed(texts) {
      if (!config.embeddingModel) throw new Error('No embedding model configured (OPENAI_EMBEDDING_MODEL)');
      const r = await (await client()).embeddings.create({ model: config.embeddingModel, input: texts });
      return r.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    },
  };
}
