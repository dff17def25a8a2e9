import type { TurnContext } from 'botbuilder';

// Work that outlives the HTTP request: tracked so stop() and tests can wait for it.

export class Inflight {
  private readonly running = new Set<Promise<unknown>>();

  run(work: () => Promise<unknown>): void {
    const p = work()
      .catch((err) => console.error('[werktafel] teams: background work failed:', err))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves when nothing runs any more (or after timeoutMs). */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    }
  }
}

const TYPING_EVERY_MS = 3000;

/**
 * "Werktafel is typing…" until the first reply goes out. Per turn, unlike Teams AI's own typing
 * timer, which lives on the Application and is shared (and stopped) across concurrent turns.
 */
export function startTyping(ctx: TurnContext): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    ctx.sendActivity({ type: 'typing' }).catch(() => undefined);
    timer = setTimeout(tick, TYPING_EVERY_MS);
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
