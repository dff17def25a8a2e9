import type { Queryable } from '../storage/db.js';
import { normCode, stepCatalog, type StepDef, type StepItem } from './definitions.js';
import { listRuns, runByThread, type Run } from './store.js';

// Which run an item code belongs to. The card's thread wins when an adapter reported it;
// otherwise a code that belongs to exactly one open run of the group is enough, so answers
// work even before (or without) the adapter telling us the card's thread.

export type Resolution =
  | { ok: true; run: Run; step: StepDef; item: StepItem }
  | { ok: false; reason: 'unknown_code'; run: Run | null; step: StepDef | null }
  | { ok: false; reason: 'not_started'; step: StepDef; item: StepItem }
  | { ok: false; reason: 'ambiguous'; runs: { run: Run; step: StepDef }[] }
  | { ok: false; reason: 'closed'; run: Run; step: StepDef };

/** Null when the code means nothing here (not a known code, not a step thread): leave the message alone. */
export async function resolveItem(db: Queryable, groupId: string, thread: string | undefined, code: string): Promise<Resolution | null> {
  const catalog = stepCatalog();
  const want = normCode(code);
  const findIn = (step: StepDef) => step.items.find((i) => normCode(i.code) === want);
  const threadRun = thread ? await runByThread(db, groupId, thread) : null;
  if (threadRun) {
    const step = catalog.byKey(threadRun.stepKey) ?? null;
    const item = step && findIn(step);
    if (step && item)
      return threadRun.status === 'open' ? { ok: true, run: threadRun, step, item } : { ok: false, reason: 'closed', run: threadRun, step };
  }
  const open = (await listRuns(db, groupId, { openOnly: true }))
    .map((run) => ({ run, step: catalog.byKey(run.stepKey) }))
    .filter((r): r is { run: Run; step: StepDef } => Boolean(r.step));
  const matches = open.filter((r) => findIn(r.step));
  if (matches.length === 1) return { ok: true, ...matches[0], item: findIn(matches[0].step)! };
  if (matches.length > 1) return { ok: false, reason: 'ambiguous', runs: matches };
  const known = catalog.steps.find((s) => findIn(s));
  if (known) return { ok: false, reason: 'not_started', step: known, item: findIn(known)! };
  if (threadRun) return { ok: false, reason: 'unknown_code', run: threadRun, step: catalog.byKey(threadRun.stepKey) ?? null };
  return null;
}
