import { CSV_MIME, type CsvColumn, toCsv } from '../core/csv.js';
import type { Exporter } from '../core/feature.js';
import { t } from '../core/i18n.js';
import { type GlossaryTerm, type TermVersion, listTerms } from './store.js';

// `export begrippen`: the group's glossary as a CSV, one row per version so the history travels along.

type Row = { term: GlossaryTerm; v: TermVersion };

const COLUMNS: CsvColumn<Row>[] = [
  { header: 'glossary.csv.term', value: (r) => r.term.term },
  { header: 'glossary.csv.version', value: (r) => r.v.version },
  { header: 'glossary.csv.status', value: (r) => r.v.status },
  { header: 'glossary.csv.definition', value: (r) => r.v.definition },
  { header: 'glossary.csv.domain', value: (r) => r.v.domain },
  { header: 'glossary.csv.synonyms', value: (r) => r.v.synonyms.join(', ') },
  { header: 'glossary.csv.author', value: (r) => r.v.authorName ?? r.v.authorId },
  { header: 'glossary.csv.organisation', value: (r) => r.v.organisation },
  { header: 'glossary.csv.date', value: (r) => r.v.createdAt },
  { header: 'glossary.csv.agreed_by', value: (r) => r.v.agreedByName },
  { header: 'glossary.csv.agreed_at', value: (r) => r.v.agreedAt },
];

export const glossaryExporter: Exporter = {
  keywords: ['begrippen', 'begrippenlijst', 'begrippenkader', 'glossary', 'terms'],
  async run(ctx) {
    const lang = /^(glossary|terms)\b/i.test(ctx.args) ? 'en' : ctx.lang;
    const terms = (await listTerms(ctx.services.db, ctx.groupId)).sort((a, b) => a.term.localeCompare(b.term, 'nl'));
    const rows = terms.flatMap((term) => term.versions.map((v) => ({ term, v })));
    const name = `${lang === 'en' ? 'glossary' : 'begrippen'}-${new Date().toISOString().slice(0, 10)}.csv`;
    return [
      {
        text: t(lang, 'glossary.export_csv', { count: terms.length }),
        language: lang,
        file: { name, mime: CSV_MIME, content: toCsv(rows, COLUMNS, lang) },
      },
    ];
  },
};
