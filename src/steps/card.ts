import type { Services } from '../core/feature.js';
import type { Language, Reply } from '../core/types.js';
import { stepCatalog, type StepDef } from './definitions.js';
import { currentAnswers, latestRun, type Run } from './store.js';
import { buildCard } from './view.js';

/** The current card of a run, read fresh from the database (so concurrent answers all show). */
export async function cardFor(services: Services, run: Run, lang: Language, placement?: 'channel' | 'thread'): Promise<Reply> {
  const step = stepOf(run);
  const answers = await currentAnswers(services.db, [run.id]);
  const base = await baseOf(services, run.groupId, step);
  return buildCard({ step, run, answers, lang, base, llm: Boolean(services.config.llm), placement });
}

export function stepOf(run: Run): StepDef {
  const step = stepCatalog().byKey(run.stepKey);
  if (!step) throw new Error(`Run ${run.id} refers to unknown step ${run.stepKey} (removed from knowledge/steps?)`);
  return step;
}

/** The step this one builds on, with its latest run and answers (run null when never started). */
export async function baseOf(services: Services, groupId: string, step: StepDef) {
  if (!step.buildsOn) return undefined;
  const baseStep = stepCatalog().steps.find((s) => s.checklist === step.checklist && s.id === step.buildsOn);
  if (!baseStep) return undefined;
  const run = await latestRun(services.db, groupId, baseStep.key);
  return { step: baseStep, run, answers: run ? await currentAnswers(services.db, [run.id]) : [] };
}
