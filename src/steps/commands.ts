import type { Command, CommandContext } from '../core/feature.js';
import { stripPrefix } from '../core/grammar.js';
import { t } from '../core/i18n.js';
import { answerInGroup } from '../qa/feature.js';
import type { Language, Reply } from '../core/types.js';
import { leadersLabel } from '../groups/leaders.js';
import { claimProjectLeader, getMember } from '../groups/members.js';
import { cardFor } from './card.js';
import { stepCatalog, type StepDef } from './definitions.js';
import { stepList } from './export.js';
import { closeRun, currentAnswers, latestRun, listRuns, openRun, startRun } from './store.js';
import { day, progressLine, summarise, contributorsLine } from './view.js';

// `start <stap>`, `stap <stap> [afronden]` and `voortgang`.

const reply = (text: string, lang: Language): Reply[] => [{ text, language: lang }];

/** The step named in the args, and the language to answer in (an English step word makes it English). */
function chosenStep(ctx: CommandContext, words: string): { step: StepDef; lang: Language } | null {
  const found = stepCatalog().find(words);
  if (!found) return null;
  return { step: found.step, lang: found.lang === 'en' ? 'en' : ctx.lang };
}

async function refuseNonLeader(ctx: CommandContext, lang: Language): Promise<Reply[] | null> {
  if (await claimProjectLeader(ctx.services.db, ctx.member)) return null;
  // The member object may be stale: a concurrent message of the same member may just have claimed the role.
  if ((await getMember(ctx.services.db, ctx.groupId, ctx.member.userId))?.role === 'projectleider') return null;
  return reply(t(lang, 'steps.error.not_leader', { leaders: await leadersLabel(ctx.services.db, ctx.groupId) }), lang);
}

const start: Command = {
  name: 'start',
  helpKey: 'steps.cmd.start',
  async run(ctx) {
    if (!ctx.args) return reply(t(ctx.lang, 'steps.start.usage', { steps: stepList(ctx.lang) }), ctx.lang);
    const chosen = chosenStep(ctx, ctx.args);
    if (!chosen) return reply(t(ctx.lang, 'steps.error.unknown_step', { what: ctx.args, steps: stepList(ctx.lang) }), ctx.lang);
    const { step, lang } = chosen;
    const refusal = await refuseNonLeader(ctx, lang);
    if (refusal) return refusal;
    const { run, created } = await ctx.services.db.transaction((tx) => startRun(tx, ctx.groupId, step, ctx.member.userId));
    if (!created) {
      const card = await cardFor(ctx.services, run, lang);
      return [{ text: t(lang, 'steps.start.already', { step: step.names[lang], date: day(run.startedAt) }), language: lang }, card];
    }
    const card = await cardFor(ctx.services, run, lang, 'channel');
    card.text = `${t(lang, 'steps.start.started', { step: step.names[lang], who: ctx.member.displayName ?? ctx.member.userId })}\n\n${card.text}`;
    return [card];
  },
};

const stap: Command = {
  name: 'stap',
  helpKey: 'steps.cmd.step',
  async run(ctx) {
    const m = ctx.args.match(/^(.*?)\s+(afronden|afsluiten|sluiten|close|finish)$/i);
    const words = m ? m[1] : ctx.args;
    // "stap 1" arrives here as word "stap", args "1".
    const chosen = chosenStep(ctx, words) ?? chosenStep(ctx, `${ctx.word} ${words}`);
    if (!chosen) {
      // "Stap 3 van de handreiking, wat houdt die in?" is a question, not a command.
      if (words.split(/\s+/).length > 2) return answerInGroup(ctx, stripPrefix(ctx.msg.text));
      return reply(t(ctx.lang, 'steps.error.unknown_step', { what: words || '—', steps: stepList(ctx.lang) }), ctx.lang);
    }
    const { step, lang } = chosen;
    if (m) {
      const refusal = await refuseNonLeader(ctx, lang);
      if (refusal) return refusal;
      const run = await openRun(ctx.services.db, ctx.groupId, step.key);
      if (!run) return reply(t(lang, 'steps.error.step_not_started', { step: step.names[lang], alias: step.id }), lang);
      await closeRun(ctx.services.db, run);
      const closed = await latestRun(ctx.services.db, ctx.groupId, step.key);
      return [
        { text: t(lang, 'steps.close.done', { step: step.names[lang] }), language: lang },
        await cardFor(ctx.services, closed ?? run, lang),
      ];
    }
    const run = await latestRun(ctx.services.db, ctx.groupId, step.key);
    if (!run) return reply(t(lang, 'steps.error.step_not_started', { step: step.names[lang], alias: step.id }), lang);
    // Asked for by name: shown anew where the member asked, not only updated where it may be out of sight.
    return [{ ...(await cardFor(ctx.services, run, lang)), repost: true }];
  },
};

export async function progressReplies(ctx: Pick<CommandContext, 'services' | 'groupId'>, lang: Language): Promise<Reply[]> {
  const runs = await listRuns(ctx.services.db, ctx.groupId);
  const catalog = stepCatalog();
  if (runs.length === 0) return reply(t(lang, 'steps.progress.none', { steps: stepList(lang) }), lang);
  const answers = await currentAnswers(
    ctx.services.db,
    runs.map((r) => r.id),
  );
  const lines: string[] = [`**${t(lang, 'steps.progress.title')}**`];
  const shownChecklists = new Set<string>();
  for (const step of catalog.steps) {
    const stepRuns = runs.filter((r) => r.stepKey === step.key);
    if (stepRuns.length) shownChecklists.add(step.checklist);
    for (const run of stepRuns) {
      const s = summarise(
        step,
        answers.filter((a) => a.runId === run.id),
        lang,
      );
      const status =
        run.status === 'open'
          ? t(lang, 'steps.progress.open_since', { date: day(run.startedAt) })
          : t(lang, 'steps.progress.closed_on', { date: day(run.closedAt ?? run.startedAt) });
      lines.push(`- **${step.names[lang]}** (${status}): ${progressLine(s, lang)}\n  ${contributorsLine(s, lang)}`);
    }
  }
  const notStarted = catalog.steps.filter((s) => shownChecklists.has(s.checklist) && !runs.some((r) => r.stepKey === s.key));
  if (notStarted.length) lines.push(t(lang, 'steps.progress.not_started', { steps: notStarted.map((s) => s.names[lang]).join(', ') }));
  return reply(lines.join('\n'), lang);
}

const voortgang: Command = {
  name: 'voortgang',
  helpKey: 'steps.cmd.progress',
  run: (ctx) => progressReplies(ctx, ctx.lang),
};

export const stepCommands: Command[] = [start, stap, voortgang];
