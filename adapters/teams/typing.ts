import type { TurnContext } from 'botbuilder';

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
  // Not in channels: Teams shows no bot typing there, and the Agents Playground's client then dropped the
  // bot's new post (the step card) that followed it (issue 21).
  if (ctx.activity.conversation?.conversationType !== 'channel') tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
