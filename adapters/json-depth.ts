import { log } from '../src/log.js';

// A request body nested deeper than any platform sends is refused with 400 before it is recorded:
// recursive code further on (JSON.stringify into the job queue, renderers) would overflow the stack.

export const MAX_JSON_DEPTH = 400;

/** True when `value` nests objects/arrays deeper than `max` (counted without recursion). */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** The one check both endpoints make on a parsed body; logs the refusal (no content). */
export function refuseDeepJson(platform: string, body: unknown): boolean {
  if (!nestedDeeperThan(body)) return false;
  log.warn({ platform, maxDepth: MAX_JSON_DEPTH }, 'request refused: JSON nested too deeply');
  return true;
}
