import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

// Command grammar shared by every channel: "[werktafel] <command> <args>".
// The prefix is optional because Slack's slash command and Teams' mention already address the bot.
// The command words are data (knowledge/grammar/commands.json); features name their commands by name.

interface CommandWords {
  words: string[];
  en: string[];
  groupless?: boolean;
}

const GRAMMAR_FILE = path.join(PROJECT_ROOT, 'knowledge', 'grammar', 'commands.json');

let grammar: { byName: Map<string, CommandWords>; byWord: Map<string, string> } | undefined;

/** Reads the command words once; a word claimed by two commands stops the start. */
function load() {
  if (grammar) return grammar;
  const { commands } = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as { commands: Record<string, CommandWords> };
  const byName = new Map(Object.entries(commands));
  const byWord = new Map<string, string>();
  for (const [name, c] of byName) {
    for (const word of [...c.words, ...c.en].map((w) => w.toLowerCase())) {
      const other = byWord.get(word);
      if (other && other !== name) throw new Error(`${GRAMMAR_FILE}: the word '${word}' selects both '${other}' and '${name}'`);
      byWord.set(word, name);
    }
  }
  grammar = { byName, byWord };
  return grammar;
}

/** The words that select the command `name` (Dutch or neutral, then English); throws for a command the grammar lacks. */
export function commandWords(name: string): { words: string[]; en: string[] } {
  const c = load().byName.get(name);
  if (!c) throw new Error(`Command '${name}' has no words in ${GRAMMAR_FILE}`);
  return { words: c.words.map((w) => w.toLowerCase()), en: c.en.map((w) => w.toLowerCase()) };
}

/** The command a typed word selects (its name), or null. */
export function commandOf(word: string): string | null {
  return load().byWord.get(word.toLowerCase()) ?? null;
}

/** True for a command word in English (`ask`, `terms`): the reply leans English. */
export function isEnglishWord(word: string): boolean {
  const name = commandOf(word);
  return name ? commandWords(name).en.includes(word.toLowerCase()) : false;
}

/** True when the text starts with a command that needs no working group (`help`, a question). */
export function isGroupless(text: string): boolean {
  const name = commandOf(splitCommand(text).word);
  return Boolean(name && load().byName.get(name)?.groupless);
}

/** The text that runs command `name` with `args`, as if typed. */
export function commandText(name: string, args: string): string {
  return `${commandWords(name).words[0]} ${args}`.trim();
}

const PREFIX = /^\s*(?:\/|@)?werktafel\b[:,]?\s*/i;

export interface ParsedCommand {
  word: string;
  args: string;
}

export function stripPrefix(text: string): string {
  return text.replace(PREFIX, '').trim();
}

/** Splits off the first word, lower-cased; the rest keeps its case and inner whitespace. */
export function splitCommand(text: string): ParsedCommand {
  const body = stripPrefix(text);
  const m = body.match(/^(\S+)\s*([\s\S]*)$/);
  if (!m) return { word: '', args: '' };
  return { word: m[1].toLowerCase().replace(/[:,]$/, ''), args: m[2].trim() };
}

/** Edit distance with adjacent transpositions ("strat" → "start" is one edit). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Longer messages, and questions, are read as questions: only a short command-like line gets a suggestion. */
const MAX_WORDS_FOR_SUGGESTION = 6;

/**
 * The known command word a mistyped first word was meant to be: within one edit for words of
 * four or five letters, two for longer ones (short words are too often real words). Null when
 * the text reads as a question, or no command word is close enough, or two are equally close.
 */
export function suggestCommand(text: string, known: Iterable<string>): string | null {
  const body = stripPrefix(text);
  if (/\?\s*$/.test(body)) return null;
  const { word, args } = splitCommand(body);
  if (!/^[a-zà-ÿ]{4,}$/.test(word)) return null;
  if (!args.includes('=') && body.split(/\s+/).length > MAX_WORDS_FOR_SUGGESTION) return null;
  const limit = word.length >= 6 ? 2 : 1;
  let best: { word: string; distance: number } | null = null;
  let tie = false;
  for (const candidate of known) {
    if (candidate.length < 4 || Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word, candidate);
    if (distance === 0 || distance > limit) continue;
    if (!best || distance < best.distance) [best, tie] = [{ word: candidate, distance }, false];
    else if (distance === best.distance && candidate !== best.word) tie = true;
  }
  return best && !tie ? best.word : null;
}
