import { t } from '../core/i18n.js';
import type { Button, ChecklistView, Language, Reply, ReplyPicker } from '../core/types.js';
import { ORG_KINDS } from '../groups/members.js';
import type { StepDef, StepItem } from './definitions.js';
import type { Run, StoredAnswer } from './store.js';

// Builds the step card: a ChecklistView every adapter can render, plus a text fallback that
// carries what the checklist shape cannot (step-1 basis of step 2, hints).

export const day = (d: Date) => d.toISOString().slice(0, 10);
export const kindLabel = (kind: string, lang: Language) => t(lang, `steps.kind.${kind}`);

export function answererLabel(a: Pick<StoredAnswer, 'memberName' | 'userId'>): string {
  return a.memberName || a.userId;
}

export function orgLabel(a: Pick<StoredAnswer, 'organisation' | 'orgKind'>, lang: Language): string | undefined {
  if (!a.organisation) return a.orgKind ? kindLabel(a.orgKind, lang) : undefined;
  return a.orgKind ? `${a.organisation} (${kindLabel(a.orgKind, lang)})` : a.organisation;
}

export function byItem(answers: StoredAnswer[]): Map<string, StoredAnswer[]> {
  const m = new Map<string, StoredAnswer[]>();
  for (const a of answers) m.set(a.itemCode, [...(m.get(a.itemCode) ?? []), a]);
  return m;
}

export interface RunSummary {
  answered: number;
  total: number;
  open: string[];
  perTheme: { id: string; title: string; answered: number; total: number }[];
  organisations: string[];
  kinds: string[];
  missingKinds: string[];
}

export function summarise(step: StepDef, answers: StoredAnswer[], lang: Language): RunSummary {
  const items = byItem(answers);
  const perTheme = step.themes.map((th) => ({
    id: th.id,
    title: th.title[lang],
    answered: th.items.filter((i) => items.has(i.code)).length,
    total: th.items.length,
  }));
  const organisations = [...new Set(answers.map((a) => orgLabel(a, lang)).filter((o): o is string => Boolean(o)))];
  const kinds = ORG_KINDS.filter((k) => answers.some((a) => a.orgKind === k));
  return {
    answered: perTheme.reduce((n, th) => n + th.answered, 0),
    total: step.items.length,
    open: step.items.filter((i) => !items.has(i.code)).map((i) => i.code),
    perTheme,
    organisations,
    kinds,
    missingKinds: ORG_KINDS.filter((k) => k !== 'anders' && !kinds.includes(k)),
  };
}

export function progressLine(s: RunSummary, lang: Language): string {
  const themes = s.perTheme.map((th) => `${th.title} ${th.answered}/${th.total}`).join(', ');
  const open = s.open.length ? ` · ${t(lang, 'steps.card.open', { codes: s.open.join(', ') })}` : '';
  return `${t(lang, 'steps.card.progress', { answered: s.answered, total: s.total })} (${themes})${open}`;
}

export function contributorsLine(s: RunSummary, lang: Language): string {
  const have = s.kinds.length ? s.kinds.map((k) => kindLabel(k, lang)).join(', ') : '—';
  const missing = s.missingKinds.length
    ? ` · ${t(lang, 'steps.card.missing_kinds', { kinds: s.missingKinds.map((k) => kindLabel(k, lang)).join(', ') })}`
    : '';
  return `${t(lang, 'steps.card.kinds', { kinds: have })}${missing}`;
}

/** Who a figure comes from: its source and the organisation that gave it ("CBS · Gemeente Zeist"). */
function origin(a: StoredAnswer): string {
  return [a.facts.source, a.organisation].filter(Boolean).join(' · ') || answererLabel(a);
}

/** A measure is one unit from one source (years in the source's name aside): only its figures form a series. */
const measureKey = (unit: string | undefined, a: StoredAnswer) =>
  `${unit ?? ''}|${
    (a.facts.source ?? '')
      .replace(/(?<!\d)(?:19|20)\d\d(?!\d)/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase() ||
    a.organisation ||
    a.userId
  }`;

interface Point {
  value: number;
  unit?: string;
  year?: number;
  a: StoredAnswer;
}

const amount = (p: Pick<Point, 'value' | 'unit'>) => (p.unit ? (p.unit === '%' ? `${p.value}%` : `${p.value} ${p.unit}`) : `${p.value}`);

/**
 * The answers of a measured item, per source and organisation: "2023: 40 jongeren (CBS · Gemeente Zeist);
 * 2024: 45 jongeren (GGD-monitor 2024 · Lister)". Figures of one measure in several years make a trend
 * ("2023–2025: 58 → 65 plekken (+7) (Wmo-monitor · Mitros)"); figures of different measures never do.
 */
export function byYearLine(answers: StoredAnswer[], lang: Language): string {
  const measures = new Map<string, Point[]>();
  const parts: { year: number; text: string }[] = [];
  for (const a of answers) {
    const counted = a.facts.quantities.filter((q) => q.unit);
    const figures = counted.length ? counted : a.facts.quantities;
    if (figures.length === 0) {
      parts.push({
        year: a.refYear ?? 9999,
        text: `${a.refYear ?? t(lang, 'steps.basis.no_year')}: ${shorten(a.body, 60)} (${origin(a)})`,
      });
      continue;
    }
    for (const q of figures) {
      const key = measureKey(q.unit, a);
      measures.set(key, [...(measures.get(key) ?? []), { value: q.value, unit: q.unit, year: q.year ?? a.refYear ?? undefined, a }]);
    }
  }
  for (const points of measures.values()) {
    const dated = points.filter((p) => p.year !== undefined).sort((x, y) => x.year! - y.year!);
    const years = new Set(dated.map((p) => p.year));
    if (years.size >= 2 && dated.length === points.length) {
      const first = dated[0];
      const last = dated[dated.length - 1];
      const delta = last.value - first.value;
      const change = delta === 0 ? '' : ` (${delta > 0 ? '+' : ''}${Number(delta.toFixed(2))})`;
      const series = `${dated.map((p) => p.value).join(' → ')}${first.unit ? (first.unit === '%' ? '%' : ` ${first.unit}`) : ''}`;
      parts.push({ year: first.year!, text: `${first.year}–${last.year}: ${series}${change} (${origin(first.a)})` });
    } else {
      for (const p of points)
        parts.push({ year: p.year ?? 9999, text: `${p.year ?? t(lang, 'steps.basis.no_year')}: ${amount(p)} (${origin(p.a)})` });
    }
  }
  return parts
    .sort((x, y) => x.year - y.year)
    .map((p) => p.text)
    .join('; ');
}

export function shorten(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export interface BasisLine {
  item: StepItem;
  lines: { code: string; answers: StoredAnswer[]; measure: boolean }[];
  empty: string[];
}

/** Per item of a building step: the answers of the earlier step it draws on. */
export function basisOf(step: StepDef, base: StepDef, baseAnswers: StoredAnswer[]): BasisLine[] {
  const items = byItem(baseAnswers);
  return step.items
    .filter((i) => i.drawsOn.length > 0)
    .map((item) => {
      const lines = item.drawsOn.map((code) => ({
        code,
        answers: items.get(code) ?? [],
        measure: base.items.find((b) => b.code === code)?.measure ?? false,
      }));
      return { item, lines, empty: lines.filter((l) => l.answers.length === 0).map((l) => l.code) };
    });
}

function basisText(step: StepDef, base: StepDef, baseRun: Run | null, baseAnswers: StoredAnswer[], lang: Language): string {
  const head = `**${t(lang, 'steps.basis.title', { step: base.names[lang] })}**`;
  if (!baseRun) return `${head}\n${t(lang, 'steps.basis.not_started', { step: base.names[lang], alias: base.id })}`;
  const lines = basisOf(step, base, baseAnswers).map(({ item, lines, empty }) => {
    const parts = lines
      .filter((l) => l.answers.length > 0)
      .map((l) =>
        l.measure ? `${l.code} — ${byYearLine(l.answers, lang)}` : `${l.code} ✓${l.answers.length > 1 ? ` (${l.answers.length})` : ''}`,
      );
    const flag = empty.length ? ` · ⚠ ${t(lang, 'steps.basis.empty', { codes: empty.join(', ') })}` : '';
    return `- ${item.code} ← ${parts.join(', ') || '—'}${flag}`;
  });
  const answered = new Set(baseAnswers.map((a) => a.itemCode));
  const stillEmpty = base.items.filter((i) => !answered.has(i.code)).map((i) => i.code);
  const tail = stillEmpty.length ? `\n⚠ ${t(lang, 'steps.basis.base_open', { step: base.names[lang], codes: stillEmpty.join(', ') })}` : '';
  return `${head}\n${lines.join('\n')}${tail}`;
}

export interface CardInput {
  step: StepDef;
  run: Run;
  answers: StoredAnswer[];
  lang: Language;
  /** For a step that builds on another: that step's latest run and its answers. */
  base?: { step: StepDef; run: Run | null; answers: StoredAnswer[] };
  llm: boolean;
  placement?: 'channel' | 'thread';
}

export function buildChecklist(step: StepDef, answers: StoredAnswer[], lang: Language): ChecklistView {
  const items = byItem(answers);
  const s = summarise(step, answers, lang);
  return {
    title: step.names[lang],
    intro: step.intro[lang],
    themes: step.themes.map((th, n) => ({
      id: th.id,
      title: `${th.title[lang]} (${s.perTheme[n].answered}/${s.perTheme[n].total})`,
      items: th.items.map((i) => ({
        code: i.code,
        question: i.question[lang],
        answers: (items.get(i.code) ?? []).map((a) => ({
          member: answererLabel(a),
          organisation: orgLabel(a, lang),
          text: a.body,
          at: day(a.updatedAt),
        })),
      })),
    })),
    progress: progressLine(s, lang),
    contributors: s.organisations,
  };
}

/** The items a card offers to answer: the open ones, or all once every item has an answer (more organisations may add theirs). */
function offeredItems(step: StepDef, answers: StoredAnswer[]): StepItem[] {
  const answered = byItem(answers);
  const open = step.items.filter((i) => !answered.has(i.code));
  return open.length ? open : step.items;
}

const runValue = (run: Run, lang: Language, code?: string) => [run.id, code, lang].filter(Boolean).join(':');

export function cardButtons(step: StepDef, run: Run, answers: StoredAnswer[], lang: Language, llm: boolean): Button[] {
  // Per item: answer (adapter asks for input 'answer'), documents, and for building steps an LLM draft.
  // Surfaces that show the picker instead leave these out (Button.item).
  const perItem = offeredItems(step, answers).flatMap((i): Button[] => [
    { label: t(lang, 'steps.button.answer', { code: i.code }), action: 'step.answer', value: runValue(run, lang, i.code), item: i.code },
    { label: t(lang, 'steps.button.help', { code: i.code }), action: 'step.help', value: runValue(run, lang, i.code), item: i.code },
    ...(llm && i.drawsOn.length
      ? [{ label: t(lang, 'steps.button.draft', { code: i.code }), action: 'step.draft', value: runValue(run, lang, i.code), item: i.code }]
      : []),
  ]);
  return [...perItem, { label: t(lang, 'steps.button.export'), action: 'step.export', value: runValue(run, lang), secondary: true }];
}

/** One choice of item with the actions on it, instead of buttons per item (the item arrives as inputs.item). */
export function cardPicker(step: StepDef, run: Run, answers: StoredAnswer[], lang: Language, llm: boolean): ReplyPicker {
  const items = offeredItems(step, answers);
  return {
    id: 'item',
    label: t(lang, 'steps.picker.label'),
    placeholder: t(lang, 'steps.picker.placeholder'),
    options: items.map((i) => ({ value: i.code, label: `${i.code} — ${shorten(i.question[lang], 60)}` })),
    actions: [
      { label: t(lang, 'steps.picker.answer'), action: 'step.answer', value: runValue(run, lang), style: 'primary' },
      { label: t(lang, 'steps.picker.help'), action: 'step.help', value: runValue(run, lang) },
      ...(llm && items.some((i) => i.drawsOn.length)
        ? [{ label: t(lang, 'steps.picker.draft'), action: 'step.draft', value: runValue(run, lang) }]
        : []),
    ],
  };
}

export function buildCard(c: CardInput): Reply {
  const { step, run, answers, lang } = c;
  const s = summarise(step, answers, lang);
  const parts = [
    `**${step.names[lang]}** — ${t(lang, 'steps.card.progress', { answered: s.answered, total: s.total })}`,
    contributorsLine(s, lang),
  ];
  if (c.base) parts.push(basisText(step, c.base.step, c.base.run, c.base.answers, lang));
  if (run.status === 'closed') parts.push(t(lang, 'steps.card.closed', { date: day(run.closedAt ?? run.startedAt) }));
  else {
    const measured = step.items.find((i) => i.measure);
    const example = measured ? `${measured.code}: ${t(lang, 'steps.card.example_measure')}` : `${step.items[0].code}: …`;
    parts.push(t(lang, 'steps.card.hint', { example, code: (measured ?? step.items[0]).code }));
  }
  return {
    text: parts.join('\n\n'),
    language: lang,
    checklist: buildChecklist(step, answers, lang),
    buttons: run.status === 'open' ? cardButtons(step, run, answers, lang, c.llm) : [],
    ...(run.status === 'open' ? { picker: cardPicker(step, run, answers, lang, c.llm) } : {}),
    // The answer buttons send this text along (as inputs.answer).
    ...(run.status === 'open' ? { input: { id: 'answer', placeholder: t(lang, 'steps.answer_input') } } : {}),
    cardKey: run.cardKey,
    ...(c.placement ? { placement: c.placement } : {}),
  };
}
