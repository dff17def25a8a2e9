import type { Part } from '../compose.js';
import { refersBack } from '../../retrieval/asked.js';
import { sameCase } from '../specific.js';
import { statesOthersFact, type Verdict } from './evidence.js';
import { introduces, isItem, questionFeature, sentenceFeature } from './features.js';
import type { Compose } from './model.js';
import { sigmoid } from './model.js';

// The offline answer from the model's ranking: the best sentence leads, grown to a readable unit (the sentence it
// leans on, the list it introduces); then the next best sentences while they fit the budget. Nothing else decides
// what is quoted; sentences of one passage are shown in its order.

export const SELECT = {
  /** Characters of quoted text before the sources (a member reads a few sentences). */
  budget: 820,
  /** List items taken with the sentence that introduces them. */
  maxItems: 8,
  /** Characters of the figure quoted for another subject beside a refusal: one short sentence, not a flattened table. */
  aside: 200,
  /** Words a later part that only introduces a list (ends in a colon) needs to say something without its items. */
  introduction: 8,
};

type Ranked = Verdict['ranked'][number];
/** A part as chosen: its candidate, the sentence indexes it shows in its passage, and whether it is another subject's. */
type Chosen = { c: Ranked; idx: number[]; other: boolean };
const LEANS_BACK = sentenceFeature('leans_back');
const ASKS = sentenceFeature('asks');
const SUBJECT_PASSAGE = sentenceFeature('subject_passage');
const SUBJECTS = questionFeature('subjects');

const words = (text: string) => text.split(/\s+/).length;
const sameSection = (a: Ranked, b: Ranked) => a.source.document === b.source.document && a.source.section === b.source.section;
/** Of one case (a magazine's example, a chapter): its pages need not repeat the case's place. */
const ofOneCase = (a: Ranked, b: Ranked) =>
  a.source.document === b.source.document && sameCase(a.source.section ?? '', b.source.section ?? '');

/** A sentence that tells the reader something on its own: no question the documents ask, no stray fragment. */
const informs = (c: Ranked) => !c.x[ASKS] && (isItem(c.text) || words(c.text) >= 4);

/** The sentence indexes of a candidate's readable unit within its passage. */
function unit(c: Ranked, all: Ranked[], lead = false): number[] {
  const same = new Map(all.filter((o) => o.source === c.source).map((o) => [o.idx, o]));
  const idx = [c.idx];
  // "Dit betekent …", and for the lead also "… noemt dit concept …": the sentence before carries what it refers to.
  // A later part stays one sentence, so the budget goes to what else answers the question.
  if ((c.x[LEANS_BACK] || (lead && refersBack(c.text))) && same.has(c.idx - 1)) idx.unshift(c.idx - 1);
  // "… de volgende punten:" brings its items.
  if (introduces(c.text))
    for (let k = c.idx + 1; same.has(k) && isItem(same.get(k)!.text) && idx.length <= SELECT.maxItems; k++) idx.push(k);
  return idx;
}

/** The lead and the sentences after it in its passage, while they fit `room` characters. */
function readOn(c: Ranked, all: Ranked[], idx: number[], room: number): number[] {
  const same = new Map(all.filter((o) => o.source === c.source).map((o) => [o.idx, o.text]));
  const out = [...idx];
  let len = out.reduce((n, k) => n + (same.get(k)?.length ?? 0) + 1, 0);
  for (let k = out[out.length - 1] + 1; same.has(k) && len + same.get(k)!.length <= room; k++) {
    out.push(k);
    len += same.get(k)!.length + 1;
  }
  return out;
}

/** What the composition needs to know besides the candidates. */
export interface SelectOptions {
  /** The question's features: whether it asks a specific fact about a named subject. */
  question: number[];
  /** Characters of the budget that other text before the sources takes (a definition, a first line). */
  reserved?: number;
  /** Characters of the label before a part that is another subject's (`other`). */
  otherLabel?: number;
}

/**
 * The answer's parts from the ranked candidates. A later part that states the asked kind of fact in a passage naming
 * none of the question's subjects, under another heading than the lead, is marked `other`: it is another subject's,
 * shown after a label that counts against the budget.
 */
export function selectParts(ranked: Ranked[], compose: Compose, { question, reserved = 0, otherLabel = 0 }: SelectOptions): Part[] {
  const budget = SELECT.budget - reserved;
  const textOf = sentenceTexts(ranked);
  const chosen: Chosen[] = [];
  const taken = new Set<string>();
  let used = 0;
  const lead = ranked[0] ? sigmoid(ranked[0].logit) : 0;
  for (const c of ranked) {
    if (chosen.length >= compose.maxParts || (chosen.length > 0 && sigmoid(c.logit) < lead * compose.follow)) break;
    // A later part earns its place only when it says something ("Onze burgers.", "Hoe kom je …?" do not).
    if (chosen.length > 0 && !informs(c)) continue;
    const at = (k: number) => textOf(c, k)!;
    const idx: number[] = [];
    // A long list is cut where the budget ends (its first sentence stays).
    const grown = chosen.length === 0 ? readOn(c, ranked, unit(c, ranked, true), budget * compose.readOn) : unit(c, ranked);
    for (const k of grown) {
      if (taken.has(`${c.source.n}:${k}`)) continue;
      if (idx.length > 0 && used + [...idx, k].reduce((n, i) => n + at(i).length + 1, 0) > budget) break;
      idx.push(k);
    }
    // An introduction whose list did not come along says nothing ("De volgende voordelen zijn genoemd:"): a read-on
    // that ends in one stops before it, and a short one is no later part on its own.
    while (idx.length > 1 && introduces(at(idx[idx.length - 1]))) idx.pop();
    const bareIntroduction = idx.length === 1 && introduces(at(idx[0])) && words(at(idx[0])) < SELECT.introduction;
    if (idx.length === 0 || (chosen.length > 0 && bareIntroduction)) continue;
    // (Not under the lead's own heading: a table split into passages names its subject in one of them.)
    const elsewhere = chosen.length > 0 && c.x[SUBJECT_PASSAGE] === 0 && !sameSection(c, chosen[0].c);
    const other = elsewhere && statesOthersFact(question, c.x);
    // An answer about a named subject, led from a passage about it, says nothing else of other subjects (another
    // neighbourhood's population after this project's rooms); their figure of the asked kind is shown, labelled.
    if (elsewhere && !other && !ofOneCase(c, chosen[0].c) && question[SUBJECTS] === 1 && chosen[0].c.x[SUBJECT_PASSAGE] === 1) continue;
    const shown = joined(idx, at).length + (other ? otherLabel + 1 : 0);
    // The lead is always shown; a later part only when it fits.
    if (chosen.length > 0 && used + shown > budget) continue;
    idx.forEach((k) => taken.add(`${c.source.n}:${k}`));
    used += shown;
    chosen.push({ c, idx, other });
  }
  return inReadingOrder(chosen, textOf, taken, budget - used).map(({ c, idx, other }) => ({
    n: c.source.n,
    text: joined(idx, (k) => textOf(c, k)!),
    ...(other ? { other } : {}),
  }));
}

type TextOf = (c: Ranked, k: number) => string | undefined;

/** The candidates' texts by passage and place: sentence `k` of a candidate's passage, if a candidate. */
function sentenceTexts(ranked: Ranked[]): TextOf {
  const bySource = new Map<Ranked['source'], Map<number, string>>();
  for (const o of ranked) (bySource.get(o.source) ?? bySource.set(o.source, new Map()).get(o.source)!).set(o.idx, o.text);
  return (c, k) => bySource.get(c.source)?.get(k);
}

/** A part's sentences as one text; a list's items each on a line. */
const joined = (idx: number[], at: (k: number) => string) => idx.map(at).join(idx.length > 1 && isItem(at(idx[1])) ? '\n' : ' ');

/**
 * Parts of one passage read as its text does: a part that continues another (the next sentence, or the one after
 * a single sentence left out, which comes along while it fits `room`) joins it, in the passage's order. The lead
 * keeps its place and its first sentence.
 */
function inReadingOrder(out: Chosen[], textOf: TextOf, taken: Set<string>, room: number): Chosen[] {
  const gap = (a: Chosen, from: number, to: number): number[] | null => {
    if (to === from + 1) return [];
    const g = textOf(a.c, from + 1);
    if (to !== from + 2 || g === undefined || taken.has(`${a.c.source.n}:${from + 1}`) || g.length + 1 > room) return null;
    return [from + 1];
  };
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++)
      for (let j = 0; j < out.length && !merged; j++) {
        const [a, b] = [out[i], out[j]];
        if (i === j || j === 0 || a.c.source !== b.c.source) continue;
        // b follows a in the passage: b joins a's end. b comes before a (a not the lead): it joins a's start.
        const after = gap(a, a.idx[a.idx.length - 1], b.idx[0]);
        const before = i > 0 ? gap(b, b.idx[b.idx.length - 1], a.idx[0]) : null;
        const fill = after ?? before;
        if (!fill) continue;
        fill.forEach((k) => taken.add(`${a.c.source.n}:${k}`));
        room -= fill.reduce((n, k) => n + textOf(a.c, k)!.length + 1, 0);
        a.idx = after ? [...a.idx, ...fill, ...b.idx] : [...b.idx, ...fill, ...a.idx];
        a.other = i > 0 && (a.other || b.other); // the lead's passage is the one asked about
        out.splice(j, 1);
        merged = true;
      }
  }
  return out;
}
