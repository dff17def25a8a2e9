import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFeatures } from '../src/features.js';
import { tempDataDir } from './helpers/db.js';
import { runWerktafel, type WerktafelRun } from './helpers/werktafel-cli.js';

// Every example in docs/gebruiken.md (the ```werktafel blocks) typed into `werktafel chat`, in the order of the doc, as
// one working-group session: each line a member types must get a real reply, not the help text, a usage line, a
// refusal or the apology.

const ROOT = path.resolve(import.meta.dirname, '..');
const DOC = path.join(ROOT, 'docs', 'gebruiken.md');

/** The lines of the doc's ```werktafel blocks, in order. */
function documentedLines(): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    if (/^```werktafel\s*$/.test(line)) inBlock = true;
    else if (inBlock && /^```/.test(line)) inBlock = false;
    else if (inBlock && line.trim()) lines.push(line.trim());
  }
  return lines;
}

/** Every text of a language, from all its locale files, as the bot merges them. */
function catalog(lang: 'nl' | 'en'): Record<string, string> {
  const dir = path.join(ROOT, 'locales');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(lang) && f.endsWith('.json'))
    .sort();
  return Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>));
}

/** The longest literal part of a template (the text between its {placeholders}). */
const literal = (template: string) =>
  template
    .split(/\{\w+\}/)
    .reduce((a, b) => (b.trim().length > a.trim().length ? b : a), '')
    .trim();

// Replies that mean the line did not run as written: usage lines, unknown things, errors, refusals, the apology.
const FAILURE_KEY = /(^|\.)(usage|unknown(_\w+)?|error|not_leader|not_author)(\.|$)|^error\./;
const failureTexts = (['nl', 'en'] as const).flatMap((lang) =>
  Object.entries(catalog(lang))
    .filter(([key]) => FAILURE_KEY.test(key) && !key.startsWith('cli.'))
    .map(([key, text]) => ({ key, text: literal(text) }))
    .filter(({ text }) => text.length >= 20),
);

const nl = catalog('nl');
const pattern = (template: string) => new RegExp(template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{id\\}', '(\\S+)'));
const YOUR_MESSAGE = pattern(nl['cli.chat.your_message']);
const MARKER = new RegExp(
  `^(?:${[nl['cli.chat.your_message'], nl['cli.chat.message'], nl['cli.chat.opens_thread'], nl['cli.chat.processed']].map((t) => pattern(t).source).join('|')})$`,
);

const dataDir = tempDataDir('werktafel-docs-');
const exportDir = path.join(dataDir, 'exports');
let session: WerktafelRun;

/** The output after each typed message, up to the next one (button presses in between belong to it). */
function repliesPerMessage(out: string): string[] {
  const blocks: string[] = [];
  for (const line of out.split('\n')) {
    if (YOUR_MESSAGE.test(line)) blocks.push('');
    else if (blocks.length && !MARKER.test(line.trim())) blocks[blocks.length - 1] += `${line}\n`;
  }
  return blocks;
}

beforeAll(async () => {
  session = await runWerktafel(['chat', '--als', 'anna', '--uitvoer', exportDir], {
    dataDir,
    input: `${documentedLines().join('\n')}\n`,
    hangMs: 540_000, // within the hook's timeout: ~30 s here, a slow CI machine takes many times that
  });
}, 600_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('docs/gebruiken.md', () => {
  it('shows every command of the bot in an example', () => {
    const firstWords = new Set(documentedLines().map((l) => l.split(/\s+/)[0].toLowerCase()));
    const commands = allFeatures()
      .flatMap((f) => f.commands ?? [])
      .map((c) => c.name);
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((c) => !firstWords.has(c))).toEqual([]);
  });

  it('every example runs in `werktafel chat` as written, with a real reply', () => {
    expect(session.status, session.stderr).toBe(0);
    const typed = documentedLines().filter((l) => !l.startsWith(':'));
    const replies = repliesPerMessage(session.stdout);
    expect(replies).toHaveLength(typed.length);
    // A `:` line the terminal does not take (e.g. `:knop 3` with no third button) prints the terminal help.
    expect(session.stdout).not.toContain(literal(nl['cli.chat.help']));
    typed.forEach((line, i) => {
      const reply = replies[i];
      expect(reply.trim(), `no reply to «${line}»`).not.toBe('');
      const failed = failureTexts.find(({ text }) => reply.includes(text));
      expect(failed && `«${line}» got ${failed.key}: ${reply.slice(0, 300)}`).toBeUndefined();
      // Only `help` itself shows the help text.
      if (!/^(help|hulp)$/i.test(line)) expect(reply, `«${line}» got the help text`).not.toContain(literal(nl['help.intro']));
    });
  });

  it('the examples do what the doc says', () => {
    const out = session.stdout;
    for (const said of [
      'Bedoel je `voortgang`?', // a mistyped command gets a suggestion
      'De documenten noemen geen huurbedrag voor Helmond.', // what is missing, named
      'Daar gaan de documenten niet over', // a question off the documents' subject
      'Bij welke vraag hoort dit?', // a line without a code in a step thread
      'Antwoord bij D2 bijgewerkt.',
      'Antwoord bij D2 ingetrokken.',
      '(gevonden bij ‘doorstroming’)', // a synonym finds the term
      'Woonvisie Utrecht is verwijderd',
    ])
      expect(out).toContain(said);
    expect(
      fs.readdirSync(exportDir).some((f) => f.endsWith('.zip')),
      'gegevens writes the archive',
    ).toBe(true);
  });
});
