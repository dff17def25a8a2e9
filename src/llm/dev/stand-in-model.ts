import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for an OpenAI-compatible chat model (tests, `npm run bench:stream`): it streams
// a scripted answer as server-sent events at a fixed pace, and can stall or hang up halfway.

export interface ScriptedAnswer {
  /** The pieces the model "writes", in order. */
  pieces: string[];
  /** Pause before each piece. */
  intervalMs: number;
  /** After this many pieces: 'stall' keeps the connection open and silent, 'hangup' closes it. */
  cutAfter?: { pieces: number; how: 'stall' | 'hangup' };
}

export interface StandInModel {
  /** For OPENAI_BASE_URL. */
  baseURL: string;
  /** Prompts received, in order. */
  prompts: string[];
  /** When each request's first piece was written (performance.now()), in order. */
  firstPieceAt: number[];
  close(): Promise<void>;
}

const sse = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
const chunk = (content: string | undefined, finish: string | null) => ({
  id: 'stand-in',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'stand-in',
  choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
});

export async function startStandInModel(script: (prompt: string) => ScriptedAnswer): Promise<StandInModel> {
  const prompts: string[] = [];
  const firstPieceAt: number[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', async () => {
      const body = JSON.parse(raw || '{}') as { stream?: boolean; messages?: { content: string }[] };
      const prompt = body.messages?.map((m) => m.content).join('\n') ?? '';
      prompts.push(prompt);
      const answer = script(prompt);
      if (!body.stream) {
        const content = answer.pieces.join('');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'stand-in',
            object: 'chat.completion',
            created: 0,
            model: 'stand-in',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          }),
        );
        return;
      }
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const [i, piece] of answer.pieces.entries()) {
        if (answer.cutAfter && i === answer.cutAfter.pieces) {
          if (answer.cutAfter.how === 'hangup') res.destroy();
          return; // 'stall': silent until the client gives up
        }
        await new Promise((r) => setTimeout(r, answer.intervalMs));
        if (res.destroyed) return;
        if (i === 0) firstPieceAt.push(performance.now());
        res.write(sse(chunk(piece, null)));
      }
      res.write(sse(chunk(undefined, 'stop')));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    prompts,
    firstPieceAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Splits a text into pieces of a few words, as a model streams them. */
export function piecesOf(text: string, size = 3): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  // Markers split over two pieces, as real models do: "[" in one piece, "2]" in the next.
  return out.flatMap((p) => p.split(/(?<=\[)(?=\d)/));
}
