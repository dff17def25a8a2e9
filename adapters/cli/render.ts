import { checklistThemes } from '../../src/core/checklist-lines.js';
import { t } from '../../src/core/i18n.js';
import { sourceLabel } from '../../src/core/source-label.js';
import type { Citation, ChecklistView, Language, Reply } from '../../src/core/types.js';

// Plain-text rendering of core replies for a terminal.

export function formatCitation(c: Citation, lang: Language): string {
  return `[${c.n}] ${sourceLabel(c, lang)}`;
}

function plain(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)\*(\S.*?)\*/g, '$1$2')
    .replace(/(^|\s)_(\S.*?)_/g, '$1$2');
}

function renderChecklist(c: ChecklistView): string {
  const out = [c.title, c.intro ?? '', c.progress].filter(Boolean);
  for (const theme of checklistThemes(c)) {
    out.push(
      '',
      `  ${theme.title}`,
      ...theme.lines.map((l) => (l.kind === 'item' ? `  ${l.mark} ${l.code}  ${l.question}` : `       – ${l.text} (${l.who}, ${l.at})`)),
    );
  }
  if (c.contributors.length) out.push('', `  ${c.contributors.join(', ')}`);
  return out.join('\n');
}

export function renderReply(r: Reply): string {
  const parts = [plain(r.text)];
  if (r.checklist) parts.push(renderChecklist(r.checklist));
  if (r.citations?.length)
    parts.push(`${t(r.language, 'reply.sources')}:\n${r.citations.map((c) => formatCitation(c, r.language)).join('\n')}`);
  // A checklist card's buttons (one per item) cannot be pressed here; its text says what to type instead.
  if (r.buttons?.length && !r.checklist) parts.push(r.buttons.map((b) => `[${b.label}]`).join('  '));
  if (r.file) parts.push(`📄 ${r.file.name}`);
  return parts.join('\n\n');
}
