import { expect } from 'vitest';

/** Asserts that `text` contains each of `contains` (in that order of checking), then none of `lacks`. */
export function expectText(text: string, { contains, lacks = [] }: { contains: string[]; lacks?: string[] }): void {
  for (const s of contains) expect(text).toContain(s);
  for (const s of lacks) expect(text).not.toContain(s);
}
