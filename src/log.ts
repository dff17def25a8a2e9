import { pino, destination, type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  if (process.stderr.isTTY) return pino(options, pretty({ destination: 2, sync: true, ignore: 'pid,hostname,app' }));
  return pino(options, destination({ dest: 2, sync: true }));
}

export const log: Logger = make();

/** A short reference for an error, to give a member and to find the matching log line. */
export function errorRef(): string {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}
