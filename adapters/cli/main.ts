import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createWerktafel, type Werktafel } from '../../src/app.js';
import { t } from '../../src/core/i18n.js';
import { loadConfig } from '../../src/config.js';
import { type Answer, shownAnswer } from '../../src/qa/answerer.js';
import { evaluate, formatReport, readEvalSet } from '../../src/eval/evaluate.js';
import { crossValidate, FOLDS } from '../../src/eval/crossval.js';
import { visibleSets } from '../../src/eval/model-data.js';
import { ensureIngested } from '../../src/ingest/ingest.js';
import { SUPPORTED_EXTENSIONS } from '../../src/ingest/catalog.js';
import { progressBar } from './progress.js';
import { renderReply } from './render.js';
import { runChat } from './chat.js';
import { GROUP_USAGE, groupCommand } from './groups.js';
import { JOBS_USAGE, jobsCommand } from './jobs.js';

const USAGE = `${t('nl', 'cli.usage')}${GROUP_USAGE}\n${JOBS_USAGE}\n`;

/** The bot with all its features (chat), or only question answering (ask, eval). */
async function open(withFeatures = true): Promise<Werktafel> {
  return createWerktafel({ onIngestProgress: progressBar(), features: withFeatures ? undefined : [] });
}

function answerJson(a: Answer) {
  return {
    question: a.question,
    language: a.language,
    abstained: a.abstained,
    /** Which refusal (off_topic, missing_fact, subject_unread, not_found, catalog); null when answered. */
    refusal: a.refusal ?? null,
    /** True when an LLM wrote the answer. */
    generated: a.generated,
    answer: a.answer,
    /** Labels of the nearest passages the answer does not cite ("Zie ook"). */
    seeAlso: a.seeAlso ?? [],
    /** E.g. that the model failed or timed out and the answer is extractive; null when there is nothing to say. */
    notice: a.notice ?? null,
    citations: a.citations.map(({ passageId: _id, ...c }) => c),
    /** The passages a language model receives for this question, in order (offline too). */
    context: a.context.map((c) => ({ document: c.document, lines: c.lines })),
    timings: { totalMs: Math.round(a.timings.totalMs * 10) / 10 },
  };
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, k: { type: 'string' } },
  });
  const k = values.k ? Number(values.k) : 5;
  if (!Number.isInteger(k) || k < 1 || k > 50) {
    console.error(t('nl', 'cli.bad_k'));
    return 2;
  }
  const question = positionals.join(' ').trim();
  if (!question) {
    console.error(USAGE);
    return 2;
  }
  const app = await open(false);
  try {
    if (question === '-') {
      const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of rl) {
        if (!line.trim()) continue;
        const a = await app.services.qa.answer(line.trim(), { k });
        // One JSON object per line: stdin mode is for programs, with or without --json.
        process.stdout.write(`${JSON.stringify(answerJson(a))}\n`);
      }
      return 0;
    }
    const a = await app.services.qa.answer(question, { k });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(answerJson(a))}\n`);
    } else {
      process.stdout.write(
        `${renderReply({ text: a.notice ? `${shownAnswer(a)}\n\n_${a.notice}_` : shownAnswer(a), language: a.language, citations: a.citations })}\n`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
}

async function ingest(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const config = loadConfig();
  // The project keeps its own copy: files from elsewhere are copied into the knowledge folder.
  const files: string[] = [];
  for (const p of positionals) {
    const src = path.resolve(p);
    if (!fs.existsSync(src)) {
      console.error(t('nl', 'cli.file_not_found', { file: p }));
      return 2;
    }
    if (!SUPPORTED_EXTENSIONS.includes(path.extname(src).toLowerCase())) {
      console.error(t('nl', 'cli.not_supported', { file: p, extensions: SUPPORTED_EXTENSIONS.join(', ') }));
      return 2;
    }
    const dest = path.join(config.knowledgeDir, path.basename(src));
    if (path.resolve(dest) !== src) fs.copyFileSync(src, dest);
    files.push(path.basename(src));
  }
  const app = await createWerktafel({ config, ingest: false });
  try {
    const r = await ensureIngested(app.db, config, { onProgress: progressBar(), files, force: values.force });
    console.log(
      t('nl', 'cli.ingested', {
        ingested: r.ingested.length,
        passages: r.passages,
        ms: r.ms,
        unchanged: r.unchanged.length,
        removed: r.removed.length,
      }),
    );
    return 0;
  } finally {
    await app.close();
  }
}

/**
 * Without --set: 5-fold cross-validation by question over every visible set (the honest figures), beside the same
 * questions answered by the model fitted on all of them. With --set: that set, answered by the shipped model.
 */
async function evalCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { set: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' } } });
  const files = values.set ? [values.set] : visibleSets();
  const missing = files.find((f) => !fs.existsSync(f)) ?? (files.length === 0 ? '../shared/eval' : undefined);
  if (missing) {
    console.error(t('nl', 'cli.eval_set_not_found', { file: missing }));
    return 2;
  }
  const app = await open(false);
  try {
    const items = files.flatMap(readEvalSet);
    await app.services.qa.answer('warm-up', { k: 10 }); // first query loads the vocabulary
    const reports = values.set
      ? { [path.basename(values.set)]: await evaluate(app.services.qa, items) }
      : await crossValidate(app.db, app.services.config, items).then((r) => ({
          [`${FOLDS}-fold cross-validation by question`]: r.cv,
          [`${FOLDS}-fold cross-validation, each question with an aside (eval/asides.json)`]: r.asides,
          'fitted on all questions': r.fitted,
        }));
    if (values.json) process.stdout.write(`${JSON.stringify(reports)}\n`);
    else {
      for (const [label, report] of Object.entries(reports)) {
        if (values.verbose) {
          for (const row of report.rows)
            console.log(
              `${row.id} ${row.lang} ${(row.subkind ?? row.kind).padEnd(12)} rank=${row.rank ?? '-'} abstained=${row.abstained} gold=${row.carries ? 'yes' : 'no'}${row.quotesReference ? ' QUOTES-REFERENCE' : ''}`,
            );
        }
        console.log(
          formatReport(report, `werktafel eval — ${label} (${items.length} vragen uit ${files.map((f) => path.basename(f)).join(', ')})`),
        );
      }
    }
    return 0;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'ask':
    case 'vraag':
      return ask(rest);
    case 'chat':
      return runChat(rest, () => open());
    case 'ingest':
      return ingest(rest);
    case 'eval':
      return evalCommand(rest);
    case 'groep':
    case 'group':
      // Only the group's own data: no documents to ingest first.
      return groupCommand(rest, () => createWerktafel({ ingest: false }));
    case 'jobs':
      return jobsCommand(() => createWerktafel({ ingest: false }));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`${t('nl', 'cli.unknown_command', { command })}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`werktafel: ${(err as Error).message}`);
    process.exit(1);
  },
);
