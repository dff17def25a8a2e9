import { type CsvColumn, toCsv } from '../core/csv.js';
import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';
import { formatDate, personLabel, shorten } from '../glossary/format.js';
import type { Decision, DecisionEvent } from './store.js';

// Texts of decision replies, and the Markdown and CSV exports.

export const statusLabel = (d: Pick<Decision, 'status' | 'replacedBy'>, lang: Language): string =>
  d.status === 'vervangen' && d.replacedBy
    ? t(lang, 'decisions.status.vervangen_door', { number: d.replacedBy })
    : t(lang, `decisions.status.${d.status}`);

const author = (d: Decision) => personLabel(d.authorName, d.authorId, d.organisation);

/** Where it was taken: the permalink when the platform gave one, else channel and thread ids. */
export function placeOf(d: Decision): string {
  if (d.permalink) return d.permalink;
  return d.thread ? `${d.channel} / ${d.thread}` : d.channel;
}

export function decisionLine(d: Decision, lang: Language, max = 160): string {
  const item = d.stepItem ? `[${d.stepItem}] ` : '';
  const status = d.status === 'genomen' ? '' : ` _(${statusLabel(d, lang)})_`;
  return `- *#${d.number}* ${item}${shorten(d.text, max)} — ${author(d)}, ${formatDate(d.createdAt, lang)}${status}`;
}

export function recordedText(d: Decision, lang: Language): string {
  const lines = [t(lang, 'decisions.recorded', { number: d.number, text: d.text })];
  const facts = [author(d), formatDate(d.createdAt, lang)];
  if (d.stepItem) facts.push(t(lang, 'decisions.step_item', { item: d.stepItem }));
  lines.push(`_${facts.join(' · ')}_`);
  if (d.replaces) lines.push(t(lang, 'decisions.replaces', { number: d.replaces }));
  return lines.join('\n');
}

export function detailText(d: Decision, events: DecisionEvent[], lang: Language): string {
  const lines = [
    `*#${d.number}* ${d.stepItem ? `[${d.stepItem}] ` : ''}${d.text}`,
    `_${statusLabel(d, lang)} · ${author(d)} · ${formatDate(d.createdAt, lang)} · ${placeOf(d)}_`,
  ];
  if (d.replaces) lines.push(t(lang, 'decisions.replaces', { number: d.replaces }));
  lines.push(t(lang, 'decisions.history'));
  for (const e of events) lines.push(`- ${eventLine(e, lang)}`);
  return lines.join('\n');
}

/** "23 november 2026 — herzien (Anna): nieuwe cijfers · was: „We reserveren 20 woningen”". */
export function eventLine(e: DecisionEvent, lang: Language): string {
  const reason = e.reason ? `: ${e.reason}` : '';
  const was = e.oldText ? ` · ${t(lang, 'decisions.was', { text: shorten(e.oldText, 300) })}` : '';
  return `${formatDate(e.at, lang)} — ${t(lang, `decisions.status.${e.status}`)} (${personLabel(e.actorName, e.actorId, e.organisation)})${reason}${was}`;
}

export function listText(decisions: Decision[], lang: Language, query?: string, max = 50): string {
  if (decisions.length === 0) return t(lang, query ? 'decisions.none_found' : 'decisions.none', { query: query ?? '' });
  const head = query
    ? t(lang, 'decisions.found', { count: decisions.length, query })
    : t(lang, 'decisions.list_title', { count: decisions.length });
  const lines = decisions.slice(0, max).map((d) => decisionLine(d, lang));
  if (decisions.length > max) lines.push(t(lang, 'decisions.more', { count: decisions.length - max }));
  return [head, ...lines].join('\n');
}

export function annotationText(decisions: Decision[], lang: Language): string {
  return decisions
    .map((d) => `${t(lang, 'decisions.earlier')} #${d.number} ${shorten(d.text, 200)} (${formatDate(d.createdAt, lang)})`)
    .join('\n');
}

export function markdownExport(
  decisions: Decision[],
  history: Map<number, DecisionEvent[]>,
  lang: Language,
  groupLabel: string,
  now: Date,
): string {
  const out = [`# ${t(lang, 'decisions.export_title')}`, '', `${groupLabel} — ${formatDate(now, lang)}`, ''];
  if (decisions.length === 0) out.push(t(lang, 'decisions.none', {}));
  const h = (k: string) => t(lang, `decisions.col.${k}`);
  for (const d of decisions) {
    out.push(`## #${d.number}${d.stepItem ? ` [${d.stepItem}]` : ''} — ${statusLabel(d, lang)}`, '', d.text, '');
    out.push(`- ${h('author')}: ${author(d)}`, `- ${h('date')}: ${formatDate(d.createdAt, lang)}`, `- ${h('place')}: ${placeOf(d)}`);
    if (d.replaces) out.push(`- ${h('replaces')}: #${d.replaces}`);
    const events = history.get(d.id) ?? [];
    if (events.length) out.push(`- ${t(lang, 'decisions.history')}`, ...events.map((e) => `  - ${eventLine(e, lang)}`));
    out.push('');
  }
  return out.join('\n');
}

const historyCell = (events: DecisionEvent[], lang: Language) => events.map((e) => eventLine(e, lang)).join(' | ');

/** The reasons given for its changes, newest last. */
const reasonsCell = (events: DecisionEvent[]) =>
  events
    .map((e) => e.reason)
    .filter(Boolean)
    .join(' | ');

export function csvExport(decisions: Decision[], history: Map<number, DecisionEvent[]>, lang: Language): string {
  const events = (d: Decision) => history.get(d.id) ?? [];
  const columns: CsvColumn<Decision>[] = [
    { header: 'decisions.csv.number', value: (d) => d.number },
    { header: 'decisions.csv.text', value: (d) => d.text },
    { header: 'decisions.csv.status', value: (d) => statusLabel(d, lang) },
    { header: 'decisions.csv.step_item', value: (d) => d.stepItem },
    { header: 'decisions.csv.author', value: (d) => d.authorName ?? d.authorId },
    { header: 'decisions.csv.organisation', value: (d) => d.organisation },
    { header: 'decisions.csv.date', value: (d) => d.createdAt },
    { header: 'decisions.csv.changed', value: (d) => d.updatedAt },
    { header: 'decisions.csv.place', value: (d) => placeOf(d) },
    { header: 'decisions.csv.replaces', value: (d) => d.replaces },
    { header: 'decisions.csv.replaced_by', value: (d) => d.replacedBy },
    { header: 'decisions.csv.reasons', value: (d) => reasonsCell(events(d)) },
    { header: 'decisions.csv.history', value: (d) => historyCell(events(d), lang) },
  ];
  return toCsv(decisions, columns, lang);
}
