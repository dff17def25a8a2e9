import type { IncomingAction, IncomingMessage } from './types.js';

// What enters the core is text for people: no NUL (Postgres refuses it in text), no terminal escape
// sequences (replayed to other members' terminals), no other C0/C1 controls, no bidi embeddings,
// overrides or isolates (U+202A–U+202E, U+2066–U+2069: "Huur \u202E0021 euro" would show as "1200
// euro"). Newline and tab stay; a carriage return becomes a newline.

/** ESC sequences (CSI, OSC, two-character), then every C0/C1 control but \n and \t. */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function stripControlChars(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '');
}

const cleanUser = <T extends { user: { id: string; name?: string } }>(m: T): T['user'] =>
  m.user.name === undefined ? m.user : { ...m.user, name: stripControlChars(m.user.name) };

export function cleanMessage(msg: IncomingMessage): IncomingMessage {
  const files = msg.files?.map((f) => ({ ...f, name: stripControlChars(f.name) }));
  return { ...msg, text: stripControlChars(msg.text), user: cleanUser(msg), ...(files ? { files } : {}) };
}

export function cleanAction(action: IncomingAction): IncomingAction {
  const inputs = action.inputs && Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, stripControlChars(String(v))]));
  return { ...action, value: stripControlChars(action.value), user: cleanUser(action), ...(inputs ? { inputs } : {}) };
}
