import type { Reply, ReplyStream } from './types.js';

// Answers shown while they are written. The core hands an adapter that asked for it
// (bot.handle(msg, { stream: true })) a Reply with `stream`: checked text pieces first, then the
// whole reply, which is what stays (it replaces the pieces when they differ, e.g. after a failure).

// The optional streaming capability of an adapter is `Port.stream` (port.ts); the core's delivery calls it.

/** A one-reader queue of text pieces: the producer pushes, the adapter iterates. */
export class TextChannel implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private ended = false;
  private wake?: () => void;

  push(text: string): void {
    if (this.ended || !text) return;
    this.queue.push(text);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.queue.length) {
        yield this.queue.splice(0).join('');
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** Type guard for adapters. */
export const isStreaming = (r: Reply): r is Reply & { stream: ReplyStream } => Boolean(r.stream);
