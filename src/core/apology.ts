import { errorFacts, errorRef, log } from '../log.js';
import { t } from './i18n.js';
import type { Language } from './types.js';

/**
 * Logs a failure under a reference — its type, code and stack frames, never the member's text or the
 * query's parameters — and returns the apology with that reference. It claims nothing about what was saved.
 */
export function apologise(err: unknown, lang: Language, where: Record<string, unknown>, what: string): string {
  const ref = errorRef();
  log.error({ ref, ...where, error: errorFacts(err) }, what);
  return `${t(lang, 'error.generic')} ${t(lang, 'error.reference', { ref })}`;
}
