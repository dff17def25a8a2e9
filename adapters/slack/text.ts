// Text conversion between Slack's mrkdwn and the core's neutral text.

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/**
 * Slack → core: drops the bot's own mention, keeps people as neutral <@U123>, turns channel
 * references, links and special mentions into readable text and decodes Slack's three entities.
 */
export function toNeutralText(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]+)>/g, (whole, inner: string) => {
      const [target, label] = splitLabel(inner);
      if (target.startsWith('@')) {
        const id = target.slice(1);
        if (id === botUserId) return '';
        return label ? `<@${id}|${label}>` : `<@${id}>`;
      }
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!subteam^')) return label ?? '@groep';
      if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`;
      if (/^(https?|mailto):/i.test(target)) return label && label !== target ? `${label} (${target})` : target.replace(/^mailto:/i, '');
      return whole;
    })
    .replace(/&(lt|gt|amp);/g, (e) => ENTITIES[e])
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link a member wrote shows where it goes: "label (address)"; Slack links the bare address itself. */
const showAddress = (label: string, url: string) => (label.trim() === url ? url : `${label} (${url})`);

/**
 * Core markdown subset → Slack mrkdwn: **bold** → *bold*, _italic_ and `code` stay, "- " lists become
 * bullets. The one place text is made safe for Slack: the core's text carries what members stored and
 * document excerpts, so every <, > and & is escaped — no <!channel>, <@U…> or <url|label> can come
 * out of it. Mentions become the person's name and links show their address.
 */
export function toMrkdwn(markdown: string): string {
  const kept: string[] = [];
  const keep = (s: string) => `\u0000${kept.push(s) - 1}\u0000`;
  let s = markdown
    // Placeholders use NUL, so a NUL in the text itself must not survive.
    .replace(/\u0000/g, '')
    // Code first, so nothing inside it is converted.
    .replace(/```[\s\S]*?```|`[^`\n]+`/g, (code) => keep(escapeMrkdwn(code)))
    .replace(/<@([^>|\s]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `@${name || id}`)
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => showAddress(label, url));
  s = escapeMrkdwn(s)
    .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => keep(`*${inner}*`))
    .replace(/^#{1,6}\s+(.+)$/gm, (_m, title: string) => keep(`*${title}*`))
    .replace(/^(\s*)[-*] /gm, '$1• ');
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
}

/** Mrkdwn without markup, for notification text and accessibility fallbacks. */
export function plainText(mrkdwn: string): string {
  return mrkdwn.replace(/(^|[\s(])[*_~]([^*_~\n]+)[*_~](?=[\s).,;:!?]|$)/g, '$1$2');
}

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph, then line, then
 * sentence/word boundaries, so no section block goes over Slack's limit.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep);
      if (at > max * 0.3) {
        cut = at + (sep === '. ' ? 1 : 0);
        break;
      }
    }
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Core markdown → the markdown of a streamed message (chat.*Stream markdown_text): the markdown stays,
 * Slack's control sequences (<!channel>, <@U…>) cannot be formed from answer text.
 */
export function toStreamMarkdown(markdown: string): string {
  return escapeMrkdwn(markdown);
}
