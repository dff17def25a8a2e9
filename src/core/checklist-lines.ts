import type { ChecklistView } from './types.js';

// A checklist as lines per theme, in the order every renderer shows them; renderers only add markup.

export type ChecklistLine =
  | { kind: 'item'; mark: '☑' | '☐'; code: string; question: string }
  /** `who`: "member, organisation". */
  | { kind: 'answer'; text: string; who: string; at: string };

export function checklistThemes(c: ChecklistView): { title: string; lines: ChecklistLine[] }[] {
  return c.themes.map((theme) => ({
    title: theme.title,
    lines: theme.items.flatMap((item): ChecklistLine[] => [
      { kind: 'item', mark: item.answers.length ? '☑' : '☐', code: item.code, question: item.question },
      ...item.answers.map((a): ChecklistLine => ({
        kind: 'answer',
        text: a.text,
        who: [a.member, a.organisation].filter(Boolean).join(', '),
        at: a.at,
      })),
    ]),
  }));
}
