import type { CommandContext, Services } from '../core/feature.js';
import { CSV_MIME, type CsvColumn, toCsv } from '../core/csv.js';
import { t } from '../core/i18n.js';
import type { Language, Reply } from '../core/types.js';
import type { Queryable } from '../storage/db.js';
import { log } from '../log.js';
import { baseOf, stepOf } from './card.js';
import { normCode, stepCatalog, type StepDef } from './definitions.js';
import { formatQuantities } from './facts.js';
import { sourcePlaces } from './sources.js';
import { currentAnswers, latestRun, listRuns, type Run, type StoredAnswer, versionCounts } from './store.js';
import { answererLabel, basisOf, byItem, byYearLine, contributorsLine, day, kindLabel, progressLine, summarise } from './view.js';

// `werktafel export [stap]`: a Markdown report of a run, to take into the woonzorgvisie.

interface Decision {
  number: number;
  text: string;
  status: string;
  step_item: string;
  step_run?: string | null;
}

/** Decisions belong to another feature; its table may not exist (yet). */
async function linkedDecisions(db: Queryable, groupId: string): Promise<Decision[]> {
  try {
    const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('decisions') IS NOT NULL AS present`);
    if (!rows[0]?.present) return [];
    const r = await db.query<Decision>('SELECT * FROM decisions WHERE group_id = $1 AND step_item IS NOT NULL ORDER BY number', [groupId]);
    return r.rows;
  } catch (err) {
    log.child({ group: groupId }).warn({ err: (err as Error).message }, 'decisions not available for the step export');
    return [];
  }
}

/** step_item may be written "D2", "inventariseren/D2" or "<checklist>/inventariseren:D2"; step_run, when set, names the run. */
function decisionsFor(decisions: Decision[], run: Run, step: StepDef, code: string): Decision[] {
  return decisions.filter((d) => {
    if (d.step_run && d.step_run !== run.id) return false;
    const parts = String(d.step_item).split(/[/:#]/);
    const last = parts[parts.length - 1];
    if (normCode(last) !== normCode(code)) return false;
    return parts.length === 1 || parts.some((p) => p === step.id || p === step.key);
  });
}

export async function runReport(services: Services, run: Run, lang: Language, decisions: Decision[]): Promise<string> {
  const step = stepOf(run);
  const answers = await currentAnswers(services.db, [run.id]);
  const versions = await versionCounts(services.db, [run.id]);
  const s = summarise(step, answers, lang);
  const items = byItem(answers);
  const places = await sourcePlaces(services.db, step.document);
  const cite = (lines: [number, number]) => places.label(lines);
  const out: string[] = [];
  out.push(`## ${step.names[lang]}`, '');
  out.push(
    `_${step.checklistTitle[lang]}_ · ${t(lang, run.status === 'open' ? 'steps.export.status_open' : 'steps.export.status_closed')} · ${t(lang, 'steps.export.started', { date: day(run.startedAt) })}`,
    '',
  );
  out.push(`${progressLine(s, lang)}`, '', contributorsLine(s, lang), '');
  if (s.organisations.length) out.push(`${t(lang, 'steps.export.organisations')}: ${s.organisations.join('; ')}`, '');
  out.push(`> ${step.intro[lang]} (${cite(step.intro.lines)})`, '');
  if (step.guidance.length) {
    out.push(`### ${t(lang, 'steps.export.guidance')}`, '');
    for (const g of step.guidance) out.push(`- ${g[lang]} (${cite(g.lines)})`);
    out.push('');
  }
  for (const th of step.themes) {
    const n = th.items.filter((i) => items.has(i.code)).length;
    out.push(`### ${th.title[lang]} (${n}/${th.items.length})`, '');
    for (const item of th.items) {
      out.push(`#### ${item.code} — ${item.question[lang]}`, '');
      out.push(
        `_${[step.figure?.label, cite(item.lines)].filter(Boolean).join(', ')}${item.verbatim ? '' : ` · ${t(lang, 'steps.export.derived')}`}_`,
        '',
      );
      const list = items.get(item.code) ?? [];
      if (list.length === 0) out.push(`- _${t(lang, 'steps.export.no_answer')}_`);
      for (const a of list) {
        const org = [a.organisation, a.orgKind ? kindLabel(a.orgKind, lang) : null].filter(Boolean).join(', ');
        const meta = [
          `${answererLabel(a)}${org ? ` (${org})` : ''}`,
          day(a.updatedAt),
          a.facts.source ? `${t(lang, 'steps.export.source')}: ${a.facts.source}` : '',
          a.facts.quantities.length ? `${t(lang, 'steps.export.figures')}: ${formatQuantities(a.facts, a.refYear)}` : '',
          (versions.get(a.answerId) ?? 1) > 1 ? t(lang, 'steps.export.edited') : '',
        ].filter(Boolean);
        out.push(`- ${a.body.replace(/\n+/g, ' ')} — ${meta.join(' · ')}`);
      }
      for (const d of decisionsFor(decisions, run, step, item.code)) {
        out.push(`- ${t(lang, 'steps.export.decision', { number: d.number, text: d.text, status: d.status })}`);
      }
      out.push('');
    }
  }
  const base = await baseOf(services, run.groupId, step);
  if (base) {
    out.push(`### ${t(lang, 'steps.basis.title', { step: base.step.names[lang] })}`, '');
    if (!base.run) out.push(t(lang, 'steps.basis.not_started', { step: base.step.names[lang], alias: base.step.id }));
    for (const b of basisOf(step, base.step, base.answers)) {
      const parts = b.lines.map((l) =>
        l.answers.length === 0
          ? `${l.code}: —`
          : l.measure
            ? `${l.code}: ${byYearLine(l.answers, lang)}`
            : `${l.code}: ${l.answers.length}×`,
      );
      out.push(`- ${b.item.code} ← ${parts.join('; ')}`);
    }
    out.push('');
  }
  out.push(`### ${t(lang, 'steps.export.open_items')}`, '');
  if (s.open.length === 0) out.push(`- ${t(lang, 'steps.export.none_open')}`);
  for (const code of s.open) out.push(`- ${code} — ${step.items.find((i) => i.code === code)?.question[lang]}`);
  out.push('');
  return out.join('\n');
}

type AnswerRow = { step: StepDef; run: Run; a: StoredAnswer; edited: boolean };

/** One row per current answer, for spreadsheets; the Markdown report is for reading. */
const ANSWER_COLUMNS = (lang: Language): CsvColumn<AnswerRow>[] => [
  { header: 'steps.csv.step', value: (r) => r.step.names[lang] },
  { header: 'steps.csv.code', value: (r) => r.a.itemCode },
  { header: 'steps.csv.question', value: (r) => r.step.items.find((i) => i.code === r.a.itemCode)?.question[lang] },
  { header: 'steps.csv.answer', value: (r) => r.a.body },
  { header: 'steps.csv.member', value: (r) => answererLabel(r.a) },
  { header: 'steps.csv.organisation', value: (r) => r.a.organisation },
  { header: 'steps.csv.kind', value: (r) => (r.a.orgKind ? kindLabel(r.a.orgKind, lang) : '') },
  { header: 'steps.csv.source', value: (r) => r.a.facts.source },
  { header: 'steps.csv.figures', value: (r) => formatQuantities(r.a.facts) },
  { header: 'steps.csv.year', value: (r) => r.a.refYear },
  { header: 'steps.csv.given', value: (r) => r.a.createdAt },
  { header: 'steps.csv.changed', value: (r) => (r.edited ? r.a.updatedAt : null) },
  {
    header: 'steps.csv.status',
    value: (r) => t(lang, r.run.status === 'open' ? 'steps.export.status_open' : 'steps.export.status_closed'),
  },
];

/** The Markdown report of the runs, or (`export stap 1 csv`) their answers as a CSV. */
export async function exportRuns(
  services: Services,
  groupId: string,
  lang: Language,
  runs: Run[],
  name: string,
  format: 'md' | 'csv' = 'md',
): Promise<Reply[]> {
  const today = day(new Date());
  if (format === 'csv') return [await answersCsv(services, lang, runs, `werktafel-${name}-${today}.csv`)];
  const decisions = await linkedDecisions(services.db, groupId);
  const sections = [];
  for (const run of runs) sections.push(await runReport(services, run, lang, decisions));
  const content = [`# ${t(lang, 'steps.export.title')}`, '', `${t(lang, 'steps.export.generated', { date: today })}`, '', ...sections].join(
    '\n',
  );
  return [
    {
      text: t(lang, 'steps.export.done', { count: runs.length }),
      language: lang,
      file: { name: `werktafel-${name}-${today}.md`, mime: 'text/markdown', content },
    },
  ];
}

async function answersCsv(services: Services, lang: Language, runs: Run[], fileName: string): Promise<Reply> {
  const answers = await currentAnswers(
    services.db,
    runs.map((r) => r.id),
  );
  const versions = await versionCounts(
    services.db,
    runs.map((r) => r.id),
  );
  const rows: AnswerRow[] = runs.flatMap((run) => {
    const step = stepOf(run);
    const order = new Map(step.items.map((i, n) => [i.code, n]));
    return answers
      .filter((a) => a.runId === run.id)
      .sort((x, y) => (order.get(x.itemCode) ?? 0) - (order.get(y.itemCode) ?? 0))
      .map((a) => ({ step, run, a, edited: (versions.get(a.answerId) ?? 1) > 1 }));
  });
  return {
    text: t(lang, 'steps.export.csv', { count: rows.length }),
    language: lang,
    file: { name: fileName, mime: CSV_MIME, content: toCsv(rows, ANSWER_COLUMNS(lang), lang) },
  };
}

/** The whole selection is in ctx.args ("", "stap 1", "inventariseren"), whichever exporter matched. */
export async function exportSteps(ctx: CommandContext): Promise<Reply[]> {
  const { lang, services, groupId } = ctx;
  const format = /\bcsv\b/i.test(ctx.args) ? 'csv' : 'md';
  const words = ctx.args
    .replace(/\bcsv\b/i, '')
    .replace(/^\s*(?:stappen|steps)\b/i, '')
    .trim();
  if (!words) {
    const all = await listRuns(services.db, groupId);
    // Per step its latest run (an open one wins over closed ones).
    const latest = new Map<string, Run>();
    for (const r of all) {
      const cur = latest.get(r.stepKey);
      if (!cur || (r.status === 'open') > (cur.status === 'open') || (r.status === cur.status && r.startedAt > cur.startedAt))
        latest.set(r.stepKey, r);
    }
    const catalog = stepCatalog();
    const runs = [...latest.values()].sort(
      (a, b) => catalog.steps.findIndex((s) => s.key === a.stepKey) - catalog.steps.findIndex((s) => s.key === b.stepKey),
    );
    if (runs.length === 0) return [{ text: t(lang, 'steps.export.no_runs'), language: lang }];
    return exportRuns(services, groupId, lang, runs, 'stappen', format);
  }
  const found = stepCatalog().find(words);
  if (!found) return [{ text: t(lang, 'steps.error.unknown_step', { what: words, steps: stepList(lang) }), language: lang }];
  const run = await latestRun(services.db, groupId, found.step.key);
  if (!run)
    return [{ text: t(lang, 'steps.error.step_not_started', { step: found.step.names[lang], alias: found.step.id }), language: lang }];
  return exportRuns(services, groupId, lang, [run], exportName(found.step), format);
}

export function stepList(lang: Language): string {
  return stepCatalog()
    .steps.map((s) => `\`${s.id}\` (${s.names[lang]})`)
    .join(', ');
}

export const exportName = (step: StepDef) => `stap-${step.number}-${step.id}`;
