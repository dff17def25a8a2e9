// Command grammar shared by every channel: "[werktafel] <command> <args>".
// The prefix is optional because Slack's slash command and Teams' mention already address the bot.

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
