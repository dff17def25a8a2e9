// Parses the arguments of `besluit`:
//   <tekst>                         record a decision ("D2: ..." ties it to step item D2)
//   <tekst> vervangt <nr>           record one that replaces decision <nr>
//   <nr>                            show one decision with its history
//   <nr> herzien: <nieuwe tekst> [reden: …]   new wording; the old text and the reason stay in the history
//   <nr> herzien                    asks for the new wording (and points to `vervangt`)
//   <nr> herzien|intrekken [reden]  change its status

export type DecisionStatus = 'genomen' | 'herzien' | 'ingetrokken' | 'vervangen';

export const LIMITS = { text: 1000, reason: 500, search: 200 } as const;

export type DecisionCommand =
  | { kind: 'record'; text: string; stepItem: string | null; replaces: number | null }
  | { kind: 'show'; number: number }
  | { kind: 'status'; number: number; status: 'herzien' | 'ingetrokken'; reason: string | null }
  | { kind: 'revise'; number: number; text: string; reason: string | null }
  | { kind: 'revise_ask'; number: number }
  | { kind: 'error'; key: string; vars?: Record<string, string | number> };

const STATUS_WORDS: Record<string, 'herzien' | 'ingetrokken'> = {
  herzien: 'herzien',
  herzie: 'herzien',
  heroverwegen: 'herzien',
  revise: 'herzien',
  revised: 'herzien',
  reconsider: 'herzien',
  intrekken: 'ingetrokken',
  ingetrokken: 'ingetrokken',
  intrekking: 'ingetrokken',
  withdraw: 'ingetrokken',
  withdrawn: 'ingetrokken',
  retract: 'ingetrokken',
};

/** Item codes of the steps feature (D2, AB-C12) at the start of the text, followed by a colon. */
const ITEM_CODE = /^\s*([A-Za-z]{1,3}(?:-[A-Za-z]{1,3})?\d{1,3})\s*:\s*/;
const REPLACES = /\s*[([]?\s*(?:vervangt|vervang|replaces|supersedes)\s+(?:besluit\s+|decision\s+)?#?(\d+)\s*[)\]]?\s*[.!]?\s*$/i;
const NUMBER_ONLY = /^#?(\d+)$/;
const NUMBER_STATUS = /^#?(\d+)\s+(\S+)\s*([\s\S]*)$/;
/** "… reden: de grond is duurder" / "(reason: …)" at the end of a revision. */
const REASON = /\s*[([]?\s*(?:reden|reason|omdat|because)\s*:\s*([^)\]]*?)\s*[)\]]?\s*$/i;

function revision(number: number, rest: string): DecisionCommand {
  let text = rest;
  let reason: string | null = null;
  const r = text.match(REASON);
  if (r) {
    reason = r[1].trim() || null;
    text = text.slice(0, r.index).trim();
  }
  if (!text || !/[\p{L}\p{N}]/u.test(text)) return { kind: 'revise_ask', number };
  if (text.length > LIMITS.text) return { kind: 'error', key: 'decisions.too_long', vars: { length: text.length, max: LIMITS.text } };
  if (reason && reason.length > LIMITS.reason) return { kind: 'error', key: 'decisions.reason_too_long', vars: { max: LIMITS.reason } };
  return { kind: 'revise', number, text, reason };
}

/** Decision numbers are stored as Postgres integers; a larger one names no decision. */
const MAX_NUMBER = 2_147_483_647;
const tooLarge = (digits: string): DecisionCommand | null =>
  Number(digits) > MAX_NUMBER ? { kind: 'error', key: 'decisions.unknown', vars: { number: digits.replace(/^0+(?=\d)/, '') } } : null;

export function parseDecisionArgs(args: string): DecisionCommand {
  const text = args.replace(/\s+/g, ' ').trim();
  if (!text) return { kind: 'error', key: 'decisions.usage' };
  const only = text.match(NUMBER_ONLY);
  if (only) return tooLarge(only[1]) ?? { kind: 'show', number: Number(only[1]) };
  const withStatus = text.match(NUMBER_STATUS);
  const status = withStatus ? STATUS_WORDS[withStatus[2].toLowerCase().replace(/[:.,]$/, '')] : undefined;
  if (withStatus && status) {
    const invalid = tooLarge(withStatus[1]);
    if (invalid) return invalid;
  }
  if (withStatus && status === 'herzien') {
    // "herzien: <tekst>" is new wording; bare "herzien" asks for it; "herzien <reden>" only changes the status.
    const colon = /:$/.test(withStatus[2]) || /^:/.test(withStatus[3]);
    if (colon) return revision(Number(withStatus[1]), withStatus[3].replace(/^:\s*/, ''));
    if (!withStatus[3].trim()) return { kind: 'revise_ask', number: Number(withStatus[1]) };
  }
  if (withStatus && status) {
    const reason = withStatus[3].replace(/^[:\-–—]\s*/, '').trim() || null;
    if (reason && reason.length > LIMITS.reason) return { kind: 'error', key: 'decisions.reason_too_long', vars: { max: LIMITS.reason } };
    return { kind: 'status', number: Number(withStatus[1]), status, reason };
  }
  let body = text;
  let replaces: number | null = null;
  const rep = body.match(REPLACES);
  if (rep) {
    const invalid = tooLarge(rep[1]);
    if (invalid) return invalid;
    replaces = Number(rep[1]);
    body = body.slice(0, rep.index).trim();
  }
  let stepItem: string | null = null;
  const code = body.match(ITEM_CODE);
  if (code) {
    stepItem = code[1].toUpperCase();
    body = body.slice(code[0].length).trim();
  }
  if (!body || !/[\p{L}\p{N}]/u.test(body)) return { kind: 'error', key: 'decisions.empty' };
  if (body.length > LIMITS.text) return { kind: 'error', key: 'decisions.too_long', vars: { length: body.length, max: LIMITS.text } };
  return { kind: 'record', text: body, stepItem, replaces };
}
