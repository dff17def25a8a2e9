import { pino, destination, type Logger } from 'pino';

/**
 * The one logger. Level from LOG_LEVEL (silent under the test runner unless set); readable lines on a terminal,
 * JSON otherwise (a log collector reads JSON). Use `log.child({ group, platform })` so every line says where it came from.
 * Never log message text or command parameters: they may hold personal data. Log a reference instead.
 */
function level(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  return process.env.VITEST ? 'silent' : 'info';
}

function make(): Logger {
  const options = { level: level(), base: { app: 'werktafel' } };
  // pino-pretty is loaded (in a worker) only on a terminal; a server writes JSON without it.
  if (process.stderr.isTTY) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, ignore: 'pid,hostname,app' } } });
  }
  return pino(options, destination({ dest: 2, sync: true }));
}

export const log: Logger = make();

/** A short reference for an error, to give a member and to find the matching log line. */
export function errorRef(): string {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}

/**
 * What may be logged of an error: its type, its code (Postgres SQLSTATE, Node errno) and where it was
 * thrown. Never its message or detail: those quote the parameters, which may hold personal data.
 */
export function errorFacts(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as { code?: unknown; stack?: unknown; constructor?: { name?: string } };
  const frames =
    typeof e.stack === 'string'
      ? e.stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .slice(0, 6)
          .map((l) => l.trim())
      : [];
  return { type: e.constructor?.name ?? typeof err, ...(typeof e.code === 'string' ? { code: e.code } : {}), frames };
}
