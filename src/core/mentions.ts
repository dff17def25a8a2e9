// Adapters write mentions of people in neutral form: <@USERID> or <@USERID|Display Name>.
// The CLI has no user ids, so a bare @name there stands for user id "name".

export interface Mention {
  userId: string;
  name?: string;
}

const NEUTRAL = /<@([^>|]+)(?:\|([^>]+))?>/g;

export function findMentions(text: string): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(NEUTRAL)) out.push({ userId: m[1], name: m[2] });
  if (out.length === 0) {
    for (const m of text.matchAll(/(?:^|\s)@([\p{L}\p{N}._-]+)/gu)) out.push({ userId: m[1], name: m[1] });
  }
  return out;
}
