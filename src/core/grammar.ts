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
