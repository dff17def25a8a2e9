import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../adapters/slack/dev/signing.js';
import { backends } from './helpers/db.js';
import { QUESTION, WOONVISIE } from './helpers/group-docs.js';
import { eventEnvelope, startSlackFixture, type SlackFixture } from './helpers/slack-server.js';

// A large Markdown upload through the real Slack server, with the parse worker's heap lowered to 128 MB: the
// whole-document parse needed more than that for this 6 MB file (it stopped with "heap out of memory"); read
// in pieces it is added, and a fact from its middle, in a later piece than the first, is cited with the
// heading it stands under and its own line.

const SECRET = 'large-signing-secret';
const BASE = 'https://slack.test';
const TITLE = 'Bijlagen werkgroep Zwolle';

/** About `mb` MB of Markdown: the shared documents as chapters, the group's own facts in a chapter halfway. */
function largeMarkdown(mb: number): { bytes: Buffer; factLine: number } {
  const dir = path.join(import.meta.dirname, '..', 'knowledge', 'documents');
  const chapters = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const parts = [`# ${TITLE}\n`];
  let size = 0;
  let factLine = 0;
  for (let i = 0; size < mb * 1048576; i++) {
    parts.push(`\n## Hoofdstuk ${i + 1}\n\n${chapters[i % chapters.length]}`);
    size += parts[parts.length - 1].length;
    if (!factLine && size > (mb * 1048576) / 2) {
      factLine = parts.join('').split('\n').length + 3;
      parts.push(`\n## Woonvisie Zwolle\n\n${WOONVISIE[0].paragraphs.join('\n\n')}\n`);
    }
  }
  return { bytes: Buffer.from(parts.join('')), factLine };
}

describe.each(backends)('a large Markdown upload through Slack on %s', (kind) => {
  let slack: SlackFixture;
  let file: { bytes: Buffer; factLine: number };
  beforeAll(async () => {
    file = largeMarkdown(6);
    slack = await startSlackFixture({
      base: BASE,
      tsBase: 1_740_000_000,
      displayName: (u) => `Naam ${u}`,
      secret: SECRET,
      kind,
      env: { WERKTAFEL_PARSE_HEAP_MB: '128' },
    });
  }, 120_000);
  afterAll(async () => {
    await slack?.close();
  });

  /** Jobs that failed, for an assertion's message: what went wrong when a reply is missing. */
  const failures = async () =>
    JSON.stringify((await slack.server.slack.bot.services.db.query('SELECT last_error FROM jobs WHERE last_error IS NOT NULL')).rows);
  async function deliver(event: Record<string, unknown>) {
    const body = JSON.stringify(eventEnvelope(event));
    expect((await slack.post(body, signedHeaders(SECRET, body))).status).toBe(200);
    // Reading 6 MB in a 128 MB heap took 7–21 s here and more than the default minute on a loaded CI machine
    // (Node 24, Postgres, other test files beside it): the wait is for the work, not a fixed time.
    expect(await slack.server.slack.idle(300_000), `the bot was still busy after 300 s; failed jobs: ${await failures()}`).toBe(true);
  }
  const mention = (channel: string, text: string, files?: Record<string, unknown>[]) =>
    deliver({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts: slack.api.newTs(), channel, ...(files ? { files } : {}) });
  const shown = (channel: string) =>
    slack.api
      .of('chat.postMessage', channel)
      .map((c) => `${c.args.text ?? ''}\n${JSON.stringify(c.args.blocks ?? [])}`)
      .join('\n');

  it('adds a 6 MB Markdown file within a 128 MB parse heap and cites a fact from its middle', async () => {
    await mention('C1', 'document toevoegen', [slack.api.shareFile('bijlagen.md', file.bytes, { mimetype: 'text/markdown' })]);
    expect(shown('C1'), await failures()).toContain(`*${TITLE}* is toegevoegd als document van deze werkgroep`);
    const { rows } = await slack.server.slack.bot.services.db.query<{ n: number; section: string; line_start: number; line_end: number }>(
      `SELECT (SELECT count(*)::int FROM passages q WHERE q.document_id = d.id) AS n, p.section, p.line_start, p.line_end
       FROM documents d JOIN passages p ON p.document_id = d.id WHERE d.title = $1 AND p.text LIKE '%veertig tussenvoorzieningen%'`,
      [TITLE],
    );
    expect(rows[0].n).toBeGreaterThan(10_000);
    // The heading path and line of the whole file, not of the piece it was read in.
    expect(rows[0].section).toBe(`${TITLE} > Woonvisie Zwolle`);
    const lines = file.bytes.toString().split('\n');
    expect(lines[rows[0].line_start - 1]).toBe('## Woonvisie Zwolle');
    expect(rows[0].line_start).toBeLessThanOrEqual(file.factLine);
    expect(rows[0].line_end).toBeGreaterThanOrEqual(file.factLine);
    expect(lines[file.factLine - 1]).toContain('veertig tussenvoorzieningen');
    // The text as read is kept for export and re-reading in parts of a million characters, never one 6 MB value.
    const { rows: parts } = await slack.server.slack.bot.services.db.query<{ part: number; len: number }>(
      `SELECT x.part, length(x.text)::int AS len FROM document_texts x JOIN documents d ON d.id = x.document_id WHERE d.title = $1 ORDER BY x.part`,
      [TITLE],
    );
    expect(parts.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...parts.map((p) => p.len))).toBeLessThanOrEqual(1_000_000);
    expect(parts.reduce((n, p) => n + p.len, 0)).toBe(file.bytes.toString().length);
    slack.api.reset();

    await mention('C1', QUESTION);
    // At least once: an attempt that failed (seen once on a loaded CI machine, Node 24, Postgres) is taken again
    // after 2 s, so the answer may come from the retry; what went wrong is in the assertion's message.
    for (const deadline = Date.now() + 60_000; !shown('C1').includes('veertig tussenvoorzieningen') && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 250));
      await slack.server.slack.idle(5_000);
    }
    expect(shown('C1'), await failures()).toContain('veertig tussenvoorzieningen');
    expect(shown('C1')).toContain(TITLE);
  }, 600_000);
});
