// Entry of a parse worker when running from the TypeScript sources (tsx, vitest): TypeScript first.
import { register } from 'tsx/esm/api';

register();
const task = await import('./parse-worker.ts');
export const read = task.read;
export const index = task.index;
