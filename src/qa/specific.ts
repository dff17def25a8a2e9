import { t } from '../core/i18n.js';
import type { Language } from '../core/types.js';
import { fold, isStopword } from '../retrieval/analyzer.js';
import { englishToDutch, namesSource } from '../retrieval/lexicon.js';
import { aboutText, type Source } from './compose.js';
import {
  askedFacts,
  countedKinds,
  factEvidence,
  figureSpan,
  type FactKind,
  isFiniteVerb,
  measureEvidence,
  periodEvidence,
  statedInSentence,
} from '../retrieval/asked.js';
import { escapeRegExp } from '../text/regex.js';
import { memo } from '../text/memo.js';
import { askingSentences, questionSentences } from '../text/sentences.js';

// A question that asks for a specific fact (an amount, a number, a rent, a name, a year's figure) about a specific
// subject (a named place, organisation, project, a year) is answered only by a sentence that states that kind of
// fact with that subject. The documents often discuss the subject without the fact: then the bot says what is missing.

/**
 * The question's words between its subjects name one subject only when short, without a verb, and joined by short
 * function words only ("Start me Up in Alkmaar"; not a place, an English verb and a name run together).
 */
function subjectSpan(span: string): string | undefined {
  const words = span.split(/\s+/);
  const joined = words.every((w) => /^[\p{Lu}\d]/u.test(w) || (w.length <= 3 && isStopword(fold(w))));
  return words.length <= 7 && joined && !words.some(isFiniteVerb) ? span : undefined;
}

/** Words written with a capital that do not name a subject (question words, document names, the language). */
const NOT_SUBJECTS =
  /^(Wat|Wie|Welke|Welk|Hoeveel|Hoe|Waarom|Wanneer|Waar|Is|Zijn|Kan|Kunnen|Moet|Moeten|Klopt|Ik|We|Wij|Onze|Ons|De|Het|Een|In|Op|Voor|Volgens|What|Which|Who|How|Why|When|Where|Is|Are|Can|Do|Does|The|A|An|In|Our|We|I|According|VNG|Dutch|Nederland|Nederlandse|English|Engels)$/;

/**
 * A place's adjective names the place ("Alkmaarse" Alkmaar, "Groningse" Groningen, "Haagse" Den Haag): `mentions`
 * finds the place by the adjective's start.
 */
function placeAdjective(word: string, known: (word: string) => boolean): boolean {
  const base = /^(\p{L}{3,}?)(?:se|sche)$/u.exec(word)?.[1];
  return !!base && [base, `${base}e`, `${base}en`].some(known);
}

/** An English name as the documents write it, from the lexicon ("The Hague": "Den Haag"); capitals as in a name. */
function dutchName(name: string): string | undefined {
  const dutch = (englishToDutch().get(fold(name)) ?? englishToDutch().get(`the ${fold(name)}`))?.[0];
  return dutch?.replace(/(^|\s)(\p{Ll})/gu, (_m, space: string, letter: string) => space + letter.toUpperCase());
}

/**
 * A question may open with its verb ("Werkt Breda ook met …?") or a function word ("For Start me Up …", "Bij
 * Woonwaard …"): no part of the name after it.
 */
const opensClause = (w: string) => isFiniteVerb(w.toLowerCase()) || isStopword(fold(w));

export interface FactQuestion {
  kind: FactKind | null;
  /** Every kind of fact asked ("hoeveel … en hoe lang"): one of them stated is enough. */
  kinds: FactKind[];
  /** What exactly the first kind asks for, when more precise than the kind ("rent" for money, "waiting_time"). */
  measure?: string;
  /** The period a figure is asked per ("year" for "per jaar", "each year"). */
  period?: string;
  /** Subjects as written: named places, organisations, projects ("Housing First", "Helmond"), years. */
  subjects: string[];
  /** Names the documents never mention ("Zwolle"), not English renderings of names they do ("the Netherlands"). */
  absent: string[];
  /** The noun counted in a count question ("deelnemers" in "hoeveel deelnemers"). */
  counted?: string;
  /** The counted noun as the member wrote it, for the refusal sentence ("video's"; `counted` is "video"). */
  countedAsWritten?: string;
  /** The documents use the counted noun as written. */
  countedKnown?: boolean;
  /** The question's own words from the first subject to the last, when short ("Housing First in Helmond"). */
  span?: string;
}

export function factQuestion(question: string, known: (word: string) => boolean = () => true): FactQuestion {
  const asked = askingSentences(question).trim();
  const { kinds, measure, period } = askedFacts(question);
  const kind = kinds[0] ?? null;
  const subjects: string[] = [];
  const absent: string[] = [];
  // Runs of capitalised words, joined by short lower-case links ("Kamers met Kansen", "Het Dagelijks Bestaan").
  const re =
    /(?<![\p{L}])(\p{Lu}[\p{L}\d-]*(?:\s+(?:met|van|de|der|den|voor|in de|op|aan de|aan den)\s+\p{Lu}[\p{L}\d-]*|\s+\p{Lu}[\p{L}\d-]*)*)/gu;
  for (const m of asked.matchAll(re)) {
    // "OZJ-handleiding" names the source; the link words left at either end then join nothing.
    const run = m[1].split(/\s+/);
    const words = run.filter((w) => !NOT_SUBJECTS.test(w) && !namesSource(w, '', ''));
    while (words.length && /^\p{Ll}/u.test(words[0])) words.shift();
    while (words.length && /^\p{Ll}/u.test(words[words.length - 1])) words.pop();
    // A clause starts after a colon too ("Vraagje: Ongeveer hoeveel …?"): its first capital is no name.
    const atStart = m.index === 0 || /[.!?:;]\s*$/.test(asked.slice(0, m.index));
    if (atStart && words.length > 1 && words[0] === run[0] && opensClause(words[0])) words.shift();
    if (words.length === 0 || (atStart && words.length === run.length && run.length === 1)) continue;
    // "the Corpovenista report" names where to look, not what is asked about.
    if (namesSource(m[1], asked.slice(0, m.index), asked.slice(m.index + m[1].length))) continue;
    // A name the documents never use cannot be looked for in them; unless the lexicon renders it ("Netherlands" for
    // "Nederland", "The Hague" for "Den Haag": its article is no part of the run), the documents do not mention it.
    const unknown = words
      .flatMap((w) => w.split('-'))
      .filter((p) => p.length > 2 && !isStopword(fold(p)) && !known(fold(p)) && !placeAdjective(fold(p), known));
    const rendered = (p: string) => englishToDutch().has(fold(p)) || englishToDutch().has(`the ${fold(p)}`);
    const dutch = unknown.length ? dutchName(words.join(' ')) : undefined;
    if (unknown.length === 0) subjects.push(words.join(' '));
    else if (dutch) {
      if (!NOT_SUBJECTS.test(dutch)) subjects.push(dutch);
    } else if (!unknown.some(rendered)) absent.push(words.join(' '));
  }
  for (const y of asked.match(YEAR) ?? []) subjects.push(y);
  // Only a plural noun is a counted thing ("hoeveel deelnemers", "hoeveel dakloze jongeren"), not a verb ("hoeveel
  // gebeurt er"); one adjective may stand before it.
  const m = kind === 'count' ? /\b(?:hoeveel|how many)\s+(\p{L}+)([’']s)?(?:\s+(\p{L}+)([’']s)?)?/iu.exec(asked) : null;
  // An English plural without an s ("people") is one the lexicon renders as a Dutch plural ("mensen").
  const dutchPlural = (w: string) => (englishToDutch().get(fold(w)) ?? []).some((r) => /^\p{L}{3,}(?:en|s)$/u.test(r));
  const plural = (w?: string, s?: string) => !!w && w.length >= 5 && (!!s || /(en|ers|s)$/.test(w) || dutchPlural(w));
  // An English noun of two words the lexicon renders counts whole ("how many young people": jongeren).
  const phrase = m?.[3] && englishToDutch().has(fold(`${m[1]} ${m[3]}`)) ? `${m[1]} ${m[3]}` : undefined;
  const counted = !m ? undefined : (phrase ?? (plural(m[1], m[2]) ? m[1] : plural(m[3], m[4]) ? m[3] : undefined));
  const countedAsWritten = !m || phrase || !counted ? counted : counted + ((counted === m[1] ? m[2] : m[4]) ?? '');
  const named = [...subjects, ...absent];
  const from = named.length ? Math.min(...named.map((x) => asked.indexOf(x))) : -1;
  const to = named.length ? Math.max(...named.map((x) => asked.indexOf(x) + x.length)) : -1;
  const span = from >= 0 && to > from ? subjectSpan(asked.slice(from, to)) : undefined;
  // An article before a name goes with it ("the Netherlands"), and so do the English noun the name stands before ("the
  // Alkmaar region"; not a verb: "does the Salvation Army house") and the noun a place's adjective describes ("de
  // Rotterdamse huurzorgcontracten"). A Dutch "De" before a name is part of it ("De Kade in Zwolle per maand": no noun).
  const describes = span !== undefined && (/\bthe\s+\S+$/i.test(span) || /\p{Ll}(?:se|sche)$/u.test(span));
  const article = span ? (/\b(?:the|de|het)\s+$/i.exec(asked.slice(0, from))?.[0] ?? '') : '';
  const next = /^\s+(\p{Ll}+)/u.exec(asked.slice(to))?.[1];
  const modifies = /^the\s+$/.test(article) && !/\b(?:do|does|did)\s+$/i.test(asked.slice(0, from - article.length));
  const noun = next && (describes || (modifies && !isStopword(fold(next)))) ? ` ${next}` : '';
  const countedKnown = counted ? known(fold(counted)) : undefined;
  return {
    kind,
    kinds,
    measure,
    period,
    subjects,
    absent,
    counted,
    countedAsWritten,
    countedKnown,
    span: span && article + span + noun,
  };
}

/**
 * The separate questions of a message that asks several ("Wat is de wachttijd in Amersfoort? En hoeveel studio's heeft
 * Start me Up?"): its asking sentences, each with the message's opening sentences, when each names a subject of its own.
 * A question that names none, or the same, goes on about the one before ("Wat doet Housing First in Breda? Voor wie is
 * het bedoeld?") and the message stays one question.
 */
export function separateQuestions(message: string): string[] {
  const asking = questionSentences(message);
  if (asking.length < 2) return [message];
  const opening = message.slice(0, message.indexOf(asking[0])).trim();
  const named = asking.map((s) => {
    const q = factQuestion(s);
    return [...q.subjects, ...q.absent].map(fold).sort().join('|');
  });
  if (named.some((n) => !n) || new Set(named).size < named.length) return [message];
  return asking.map((s) => (opening ? `${opening} ${s}` : s));
}

/** A subject is mentioned when each of its words starts a word of the text ("Rotterdam" in "Rotterdamse"). */
export function mentions(text: string, subject: string): boolean {
  const t = foldedText(text);
  return subjectPatterns(subject).every((re) => re.test(t));
}

// The answer model asks this for every candidate sentence and its passage: the folds and patterns are kept.
const foldedText = memo(fold);
const subjectPatterns = memo((subject: string) =>
  nameWords(subject).map((w) =>
    // A short name ("EU", "MO") is a word of its own, not the start of one ("euro").
    w.length <= 2
      ? new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(fold(w))}(?![\\p{L}\\d])`, 'u')
      : new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(fold(w).slice(0, Math.max(4, fold(w).length - 2)))}`, 'u'),
  ),
);

/**
 * The words of a name that say which it is: not its link words or short words ("Huis van de Wijk", "Start me Up"),
 * unless it has no other ("EU").
 */
export function nameWords(name: string): string[] {
  const words = name.split(/[\s-]+/).filter(Boolean);
  const telling = words.filter((w) => (w.length > 2 && !isStopword(fold(w))) || /\d/.test(w));
  return telling.length ? telling : words;
}

const innermostHeading = (section: string) => section.split(' > ').at(-1) ?? '';

/**
 * The innermost heading names something (a word written with a capital after its first word: "Voorbeeld: De Plataan
 * in Rotterdam", "Landelijk Platform Housing First") and not every one of the question's subjects.
 */
function headingNamesOther(section: string, subjects: string[]): boolean {
  const heading = innermostHeading(section);
  const words = heading
    .replace(/^[\d.\s]+/, '')
    .split(/\s+/)
    .slice(1);
  return words.some((w) => /^\(?\p{Lu}/u.test(w)) && !subjects.every((subject) => mentions(heading, subject));
}

/** Passages of one document this close (in lines) are read as one context for the subject. */
const NEARBY_LINES = 80;

const NUMBER = String.raw`(?:\d[\d.,]*|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig|honderd|duizend|enkele|tientallen|honderden)`;

/** A fraction or percentage after a number ("twee derde", "40 procent", "40%"); a share said in words alone. */
const SHARE = String.raw`(?:derde|vierde|vijfde|kwart|procent|%)`;
const SHARE_WORD = String.raw`(?:de helft|een kwart|een derde|een vierde)`;

/**
 * "38 woonstudio's" for "hoeveel woonstudio's": a number right before the counted noun (matched on folded text). With
 * `shares`, a share of them too ("twee derde van de bewoners"): it says how many, but less than a number does, so it
 * keeps a count question from being refused without making its sentence the one that states the count.
 */
export function countPattern(q: FactQuestion, lang: Language, shares = false): RegExp | null {
  if (!q.counted) return null;
  // The documents are Dutch: an English counted noun is looked for in each of its Dutch renderings (the noun of a
  // phrase is its last word). A word the documents use in an English question ("huurzorgcontracten") stands for itself.
  const renderings = (englishToDutch().get(fold(q.counted)) ?? []).map((r) => r.split(' ').at(-1)!);
  const asked = lang === 'en' ? [...renderings, ...(q.countedKnown ? [q.counted] : [])] : [q.counted];
  // A count of one of its kinds counts it too ("120 eenkamerappartementen" for "hoeveel woningen").
  const nouns = asked.flatMap((n) => [n, ...countedKinds(fold(n))]);
  const heads = [
    ...new Set(nouns.filter((n) => /^\p{L}{4,}$/u.test(n)).map((n) => escapeRegExp(fold(n).slice(0, Math.max(4, n.length - 2))))),
  ];
  if (!heads.length) return null;
  // Dutch compounds end in their head: "38 woonstudio’s" counts studio’s.
  const noun = `(?:\\p{L}+\\s+)?\\p{L}*(?:${heads.join('|')})`;
  const share = `(?:${NUMBER}\\s*${SHARE}|${SHARE_WORD})\\s+van\\s+(?:de|het|alle)\\s+${noun}`;
  return new RegExp(`${NUMBER}\\s+${noun}${shares ? `|${share}` : ''}`, 'iu');
}

const YEAR = /\b(?:19|20)\d{2}\b/g;

/** A subject that is a year the question names (factQuestion adds them after its names). */
const isYear = (subject: string) => /^\d+$/.test(subject);

/** The question's names: its subjects without the years it names. */
const namedSubjects = (q: FactQuestion) => q.subjects.filter((subject) => !isYear(subject));

/** A sentence that dates what it says by years, none of them one the question asks about: another year's figure. */
function otherYears(q: FactQuestion, sentence: string): boolean {
  const asked = q.subjects.filter(isYear);
  const years = sentence.match(YEAR) ?? [];
  return asked.length > 0 && years.length > 0 && !years.some((y) => asked.includes(y));
}

/** A name right after a counted noun, its owner ("tien woningen van het project Brabantpark"). */
const OWNER = /^[\p{L}’']*\s+(?:van|of)\s+(?:het\s+|de\s+|the\s+)?(?:\p{Ll}+\s+){0,2}?(\p{Lu}[\p{L}\d’'-]*(?:\s+\p{Lu}[\p{L}\d’'-]*)*)/u;

/**
 * Whether `re` (factPattern, countPattern) finds the asked fact in a sentence as the question's: a count whose noun a
 * name the question does not ask about owns is that name's ("de tien woningen van het project Brabantpark", asked of
 * another project), not an answer; nor is a figure of another year than the one asked ("in 2015 …" for 2016).
 */
export function statesAsked(re: RegExp, q: FactQuestion, sentence: string): boolean {
  if (otherYears(q, sentence)) return false;
  const folded = fold(sentence);
  const named = namedSubjects(q);
  if (!q.counted || !named.length || folded.length !== sentence.length) return re.test(folded);
  const all = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  for (const m of folded.matchAll(all)) {
    const owner = OWNER.exec(sentence.slice(m.index + m[0].length))?.[1];
    if (!owner || named.some((subject) => mentions(owner, subject))) return true;
  }
  return false;
}

/** What a sentence holds when it states the asked fact: the counted number, else an amount, percentage or duration. */
export function factPattern(q: FactQuestion, lang: Language): RegExp | null {
  const kind = q.kinds.find((k) => k !== 'count' && k !== 'person');
  return countPattern(q, lang) ?? (kind ? factEvidence(kind) : null);
}

/**
 * The asked figure as a sentence states it, with its range and units ("38 woonstudio’s", "drie tot vijf jaar", "€ 478,-
 * per cliënt per vier weken"), when it states one with a number or in words ("helft" alone says too little), at most
 * `FIGURE_CHARS`. An English question's first line gives it before the Dutch quote.
 */
export function statedFigure(q: FactQuestion, sentence: string, lang: Language): string | undefined {
  const folded = fold(sentence);
  const m = factPattern(q, lang)?.exec(folded);
  // (fold keeps a sentence's length but for rare ligatures: the figure is read on in the sentence as written)
  if (!m || !(/\d/.test(m[0]) || /\S\s+\S/.test(m[0].trim())) || folded.length !== sentence.length) return undefined;
  const [from, to] = figureSpan(sentence, m.index, m[0].length);
  const figure = sentence.slice(from, to).trim();
  return figure.length <= FIGURE_CHARS ? figure : undefined;
}

const FIGURE_CHARS = 60;

const parentOf = (section: string) => section.split(' > ').slice(0, -1).join(' > ');

/**
 * Two sections of one case (a magazine's example, a chapter's part): one under the other, or both under the same heading
 * one level up. The pages of a case need not repeat its name.
 */
export function sameCase(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b} > `) || b.startsWith(`${a} > `) || parentOf(a) === parentOf(b);
}

/**
 * All that the passages near `src` say of what they are about (aboutText): a case is told over several passages, its
 * name may stand a few paragraphs before the fact. Not a passage of another case (the example before), nor one in another
 * section when `src`'s heading names something other than `subjects`: what it says is that one's (a platform's results).
 */
export function subjectContext(src: Source, sources: Source[], subjects: string[]): string {
  const near = (o: Source) =>
    o === src ||
    (o.document === src.document &&
      !!src.lines &&
      !!o.lines &&
      Math.abs(src.lines[0] - o.lines[0]) <= NEARBY_LINES &&
      (src.section === o.section || (sameCase(src.section, o.section) && !headingNamesOther(src.section, subjects))));
  return sources.filter(near).map(aboutText).join(' ');
}

/**
 * True when a sentence states the asked kind of fact (for a count: a number right before the counted noun) in a
 * passage that names every subject (in its text or section, or a passage near it of the same case: `subjectContext`).
 */
export function statesFact(q: FactQuestion, sources: Source[], lang: Language = 'nl'): boolean {
  // A date is said of a subject in its own sentence, or under a heading that names the subject (statedInSentence).
  // One word of a name will do ("De Kade opende …" for De Kade in Zwolle).
  const named = namedSubjects(q).flatMap(nameWords);
  const saidOf = (sentence: string, section: string) =>
    named.length === 0 || named.some((word) => mentions(sentence, word) || mentions(innermostHeading(section), word));
  const countRe = countPattern(q, lang, true);
  const measureRe = measureEvidence(q.measure);
  const periodRe = periodEvidence(q.period);
  return sources.some((src) => {
    const context = subjectContext(src, sources, q.subjects);
    if (!q.subjects.every((subject) => mentions(context, subject))) return false;
    return src.sentences.some((s) => {
      if ((s.kind !== 'content' && s.kind !== 'cell') || otherYears(q, s.text)) return false;
      // What the question names is its subject, not the fact ("hoeveel … sinds 2014" is no count of 2014).
      const text = q.subjects.reduce((t, subject) => t.replaceAll(subject, ' '), s.text);
      const stated = (k: FactKind) => factEvidence(k).test(text) && (!statedInSentence(k) || saidOf(s.text, src.section));
      if (q.kinds.length && !q.kinds.some(stated)) return false;
      // A rent or a waiting time is an amount or a duration said of it, not any amount or duration.
      if (measureRe && !measureRe.test(s.text)) return false;
      // A yearly cost is not stated by a cost per four weeks, nor by a total.
      if (periodRe && !periodRe.test(s.text) && !periodRe.test(innermostHeading(src.section))) return false;
      // A count must be of the thing counted, unless another kind of fact asked is there.
      if (countRe && q.kinds.length === 1 && !statesAsked(countRe, q, s.text)) return false;
      return true;
    });
  });
}

/** "De documenten noemen geen huurbedrag voor Helmond.": the measure asked, in the member's language (locales). */
export function factSentence(q: FactQuestion, lang: Language): string {
  const fact =
    q.kind === 'count' && q.counted
      ? t(lang, 'qa.fact.count_of', { counted: q.countedAsWritten ?? q.counted })
      : t(lang, `qa.fact.${q.measure ?? q.kind ?? 'data'}`);
  const subjects = q.span ?? [...q.subjects, ...q.absent].join(` ${t(lang, 'qa.fact.and')} `);
  return subjects ? t(lang, 'qa.missing_fact', { fact, subjects }) : t(lang, 'qa.missing_fact_plain', { fact });
}
