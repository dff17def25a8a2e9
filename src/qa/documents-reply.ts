import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';
import type { CatalogEntry } from '../ingest/catalog.js';
import { asksAboutDocuments, namesTheDocuments } from '../retrieval/asked.js';
import { namedDocuments } from '../retrieval/lexicon.js';

// A question about the documents themselves ("Waar gaat de handleiding over?", "Welke bronnen gebruik je?") is not
// about what the documents say: the reply says which documents they are, whatever the answer gates make of it.

/** The reply to a question about the documents themselves, or null when the question is about something else. */
export function documentsReply(question: string, lang: Language, catalog: CatalogEntry[]): string | null {
  if (!asksAboutDocuments(question)) return null;
  const named = namedDocuments(question);
  const shown = named.size ? catalog.filter((e) => named.has(e.id)) : namesTheDocuments(question) ? catalog : [];
  if (shown.length === 0) return null;
  return [
    t(lang, shown.length === 1 ? 'qa.documents.one' : 'qa.documents.many'),
    ...shown.map((e) => t(lang, 'qa.documents.item', { label: e.label ?? e.id, title: e.title })),
    t(lang, 'qa.documents.ask'),
  ].join('\n');
}
