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
  for (const e of events) {
    const reason = e.reason ? `: ${e.reason}` : '';
    lines.push(`- ${formatDate(e.at, lang)} — ${t(lang, `decisions.status.${e.status}`)} (${personLabel(e.actorName, e.actorId, e.organisation)})${reason}`);
  }
  return lines.join('\n');
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

export function markdownExport(decisions: Decision[], lang: Language, groupLabel: string, now: Date): string {
  const out = [`# ${t(lang, 'decisions.export_title')}`, '', `${groupLabel} — ${formatDate(now, lang)}`, ''];
  if (decisions.length === 0) out.push(t(lang, 'decisions.none', {}));
  const h = (k: string) => t(lang, `decisions.col.${k}`);
  for (const d of decisions) {
    out.push(`## #${d.number}${d.stepItem ? ` [${d.stepItem}]` : ''} — ${statusLabel(d, lang)}`, '', d.text, '');
    out.push(`- ${h('author')}: ${author(d)}`, `- ${h('date')}: ${formatDate(d.createdAt, lang)}`, `- ${h('place')}: ${placeOf(d)}`);
    if (d.replaces) out.push(`- ${h('replaces')}: #${d.replaces}`);
    out.push('');
  }
  return out.join('\n');
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = ['number', 'text', 'status', 'step_item', 'author', 'organisation', 'date', 'channel', 'thread', 'permalink', 'replaces', 'replaced_by'];

export function csvExport(decisions: Decision[]): string {
  const rows = decisions.map((d) =>
    [d.number, d.text, d.status, d.stepItem, d.authorName ?? d.authorId, d.organisation, d.createdAt.toISOString(), d.channel, d.thread, d.permalink, d.replaces, d.replacedBy]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
