import type { WebClient } from './client.js';

// Shows that the bot is working: an hourglass reaction on the user's message while it answers.

const WORKING = 'hourglass_flowing_sand';

export async function withWorkingReaction<T>(client: WebClient, channel: string, ts: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!ts) return fn();
  // Not awaited before the work starts: the reaction must never delay the answer.
  const added = client.reactions.add({ channel, timestamp: ts, name: WORKING }).then(
    () => true,
    () => false,
  );
  try {
    return await fn();
  } finally {
    if (await added) await client.reactions.remove({ channel, timestamp: ts, name: WORKING }).catch(() => undefined);
  }
}
