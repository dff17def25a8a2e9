// Sentence kinds: what of a passage's text may be quoted in an answer. Marked at ingestion (passage.sentences),
// used again by `werktafel eval` to count answers that quote a reference-list or footnote line.

export type SentenceKind =
  | 'content'
  | 'reference' // reference-list entry or footnote: authors, (year), title, "Pag 13", "Zie bijlage 1", a link's label
  | 'caption' // "Figuur 13 …", "Tabel 2 …"
  | 'toc' // "Samenvatting 3"
  | 'header' // running header repeated in the text
  | 'cell' // a flattened table or figure fragment: no verb-bearing sentence
  | 'questionnaire' // a question from an appendix questionnaire or checklist
  | 'legal' // a publisher's boilerplate: liability, copying rights, a postal address
  | 'duplicate'; // the same sentence earlier in the document

export interface MarkedSentence {
  text: string;
  kind: SentenceKind;
}

const AUTHOR = /\p{Lu}[\p{L}’'-]+,\s(?:\p{Lu}\.\s?){1,4}(?:[,&]|en\b|\(|$)/u;
const YEAR_IN_BRACKETS = /\((?:19|20)\d{2}[a-z]?\)/;
const PAGE_REF = /\b(?:Pag\.?|p\.|pp\.)\s*\d+/;
const PUBLISHER = /\b(?:Nijmegen|Utrecht|Amsterdam|Den Haag|Rotterdam):\s*\p{Lu}/u;
const SEE_ALSO = /^(?:\d{1,2}\s+)?(?:Zie|See)\b/;
const URL = /(?:https?:\/\/|www\.)\S+|\b[\w-]{3,}\.(?:nl|com|org|net|eu|be|info)\b/i;
/** A web page's title ("Maatwerk Participatiewet | Divosa"): running text never separates with a bar. */
const PAGE_TITLE = /\s\|\s/;
/** A link's label in a web or PDF page ("Klik hier voor de bron", "Ga naar het Stappenplan"): it points, it says nothing. */
const LINK_LABEL = /(?:^|\s)(?:Klik hier|Ga naar|Lees meer|Click here|Go to|Read more)\b/u;

/** A publisher's boilerplate (disclaimer, copying rights, postal address): never an answer to a member's question. */
const LEGAL =
  /\b(?:aansprakelijkheid|vermenigvuldigd|openbaar (?:worden )?gemaakt|auteursrecht|alle rechten voorbehouden|all rights reserved|copyright|disclaimer)\b|©|\bPostbus \d+/iu;

/**
 * A further-reading heading ("Meer weten?", "Lees verder:", "Bronnen"): in a magazine it closes a text, and what
 * follows it in the passage is a list of titles and links, not what the text says. The extraction may have run it
 * on from the text's last sentence ("… 3 x €40.000,- Meer weten?").
 */
const READING_LIST_WORDS =
  '(?:meer weten|meer informatie|meer lezen|lees (?:meer|verder)|verder lezen|bronnen|literatuur|further reading|more information|read more)';
const READING_LIST_ALONE = new RegExp(`^${READING_LIST_WORDS}\\s*[?:.]?$`, 'iu');
const READING_LIST_AT_END = new RegExp(`\\s${READING_LIST_WORDS}\\s*[?:]$`, 'iu');

/** The text of a sentence before a further-reading heading it ends in ('' for the heading alone), else null. */
export function beforeReadingList(sentence: string): string | null {
  const t = sentence.trim();
  if (READING_LIST_ALONE.test(t)) return '';
  const m = READING_LIST_AT_END.exec(t);
  return m ? t.slice(0, m.index).trim() : null;
}

export function isLegalText(text: string): boolean {
  return LEGAL.test(text);
}

/** A reference-list entry or footnote line, as opposed to running text that mentions a study. */
export function isReferenceLine(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  if (URL.test(t) && words <= 25) return true;
  if (SEE_ALSO.test(t) && words <= 12) return true;
  if (LINK_LABEL.test(t) && words <= 25) return true;
  if (PAGE_TITLE.test(t)) return true;
  if (PAGE_REF.test(t) && YEAR_IN_BRACKETS.test(t)) return true;
  if (/\b(?:19|20)\d{2}\b/.test(t) && AUTHOR.test(t)) return true;
  if (PUBLISHER.test(t) && /\b(?:19|20)\d{2}[.)]?$/.test(t)) return true;
  // "JONG doet mee! (2018) The Big Five, …": a name, the year in brackets, then a title; no verb-led sentence before it
  const m = YEAR_IN_BRACKETS.exec(t);
  if (
    m &&
    m.index < 90 &&
    /^\s*[.:]?\s*\p{Lu}/u.test(t.slice(m.index + m[0].length)) &&
    !/\b(?:is|zijn|heeft|hebben|wordt|worden)\b/.test(t.slice(0, m.index))
  ) {
    return true;
  }
  return /^\d{1,2}\s+\p{Lu}/u.test(t) && YEAR_IN_BRACKETS.test(t);
}
