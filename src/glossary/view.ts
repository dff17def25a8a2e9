import { t } from '../core/i18n.js';
import type { Citation, Language } from '../core/types.js';
import { formatDate, personLabel, shorten, snippet } from './format.js';
import { nameKey } from './names.js';
import type { SeedTerm } from './seeds.js';
import { type GlossaryTerm, type TermVersion, agreedVersion, latest } from './store.js';

// Texts of the glossary replies. Commands decide what to show; this decides how.

const author = (v: TermVersion) => personLabel(v.authorName, v.authorId, v.organisation);

function meta(v: TermVersion, lang: Language): string[] {
  const out: string[] = [];
  const facts = [
    v.domain ? t(lang, 'glossary.meta.domain', { domain: t(lang, `glossary.domain.${v.domain}`) }) : '',
    v.synonyms.length ? t(lang, 'glossary.meta.synonyms', { synonyms: v.synonyms.join(', ') }) : '',
  ].filter(Boolean);
  if (facts.length) out.push(facts.join(' · '));
  let by = t(lang, 'glossary.meta.by', { version: v.version, author: author(v), date: formatDate(v.createdAt, lang) });
  if (v.agreedAt) by += `; ${t(lang, 'glossary.meta.agreed_by', { name: v.agreedByName ?? '?', date: formatDate(v.agreedAt, lang) })}`;
  out.push(`_${by}._`);
  return out;
}

/** The group's definition block: agreed version first, a newer proposal after it. */
export function groupDefinition(term: GlossaryTerm, lang: Language, word: string, typed?: string): string[] {
  const agreed = agreedVersion(term);
  const newest = latest(term);
  const head = agreed
    ? t(lang, 'glossary.show.agreed', { term: term.term, version: agreed.version })
    : t(lang, 'glossary.show.proposal', { term: term.term, version: newest.version });
  // Say how it was found when the member typed another spelling or a synonym.
  const found = typed && nameKey(typed) !== nameKey(term.term) ? ` ${t(lang, 'glossary.show.found_as', { typed })}` : '';
  const shown = agreed ?? newest;
  const out = [`${head}${found}`, `> ${shown.definition}`, ...meta(shown, lang)];
  if (agreed && newest.version > agreed.version) {
    out.push(
      t(lang, 'glossary.show.newer', {
        version: newest.version,
        author: author(newest),
        date: formatDate(newest.createdAt, lang),
        definition: newest.definition,
      }),
    );
  }
  if (newest.status !== 'vastgesteld') out.push(t(lang, 'glossary.show.agree_hint', { word, term: term.term }));
  return out;
}

export function seedBlock(seed: SeedTerm, n: number, lang: Language): string {
  const note = seed.note ? ` _(${seed.note})_` : '';
  return t(lang, 'glossary.show.seed', { term: seed.term, n, definition: seed.definition }) + note;
}

export function documentsBlock(term: string, citations: Citation[], lang: Language): string {
  if (citations.length === 0) return t(lang, 'glossary.show.no_docs');
  const lines = citations.map((c) => `- [${c.n}] ${c.title} — _${c.section}_: “${snippet(c.text, term)}”`);
  return [t(lang, 'glossary.show.docs', { term }), ...lines].join('\n');
}

export function historyText(term: GlossaryTerm, lang: Language): string {
  const lines = [...term.versions].reverse().map((v) => {
    const status = t(lang, `glossary.status.${v.status}`);
    const agreed = v.agreedAt
      ? `, ${t(lang, 'glossary.meta.agreed_by', { name: v.agreedByName ?? '?', date: formatDate(v.agreedAt, lang) })}`
      : '';
    const extras = [v.domain ? t(lang, `glossary.domain.${v.domain}`) : '', v.synonyms.length ? v.synonyms.join(', ') : '']
      .filter(Boolean)
      .join(' · ');
    return `- *v${v.version}* (${status}) — ${author(v)}, ${formatDate(v.createdAt, lang)}${agreed}: ${v.definition}${extras ? ` _[${extras}]_` : ''}`;
  });
  return [t(lang, 'glossary.history.title', { term: term.term, count: term.versions.length }), ...lines].join('\n');
}

export function listText(terms: GlossaryTerm[], seeds: SeedTerm[], lang: Language, word: string, filter?: string): string {
  const out: string[] = [];
  if (terms.length === 0) out.push(t(lang, filter ? 'glossary.list.empty_filter' : 'glossary.list.empty', { filter: filter ?? '', word }));
  else {
    out.push(t(lang, 'glossary.list.title', { count: terms.length }));
    for (const term of terms) {
      const v = agreedVersion(term) ?? latest(term);
      const status = t(lang, `glossary.status.${v.status}`);
      const newer = latest(term).version > v.version ? ` ${t(lang, 'glossary.list.newer', { version: latest(term).version })}` : '';
      out.push(`- *${term.term}* — ${status}, v${v.version}${newer}: ${shorten(v.definition, 140)}`);
    }
  }
  if (seeds.length) out.push('', t(lang, 'glossary.list.seeds', { terms: seeds.map((s) => s.term).join(', '), word }));
  return out.join('\n');
}

export function annotation(term: GlossaryTerm, lang: Language): string | null {
  const v = agreedVersion(term);
  if (!v) return null;
  return t(lang, 'glossary.annotation', {
    term: term.term,
    definition: v.definition,
    version: v.version,
    date: formatDate(v.agreedAt ?? v.createdAt, lang),
  });
}
