// How long the group's data is kept, from the environment (README "Privacy en AVG").

export interface PrivacyConfig {
  /** Question log and feedback are deleted after this many days (WERKTAFEL_RETENTION_DAYS, default 365). */
  retentionDays: number;
  /** Processed platform event ids (deduplication only) are deleted after this many days. */
  eventDays: number;
  /** Days between the platform reporting the bot gone and the erasure (WERKTAFEL_ERASURE_GRACE_DAYS, default 30). */
  erasureGraceDays: number;
  /** Minutes between pruning passes (WERKTAFEL_PRUNE_INTERVAL_MINUTES, default 60). */
  pruneIntervalMinutes: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name} moet een geheel getal van minstens ${min} zijn / must be a whole number of at least ${min} (nu: ${raw})`);
  }
  return n;
}

export function loadPrivacyConfig(env: NodeJS.ProcessEnv): PrivacyConfig {
  return {
    retentionDays: whole(env, 'WERKTAFEL_RETENTION_DAYS', 365, 1),
    eventDays: 7,
    erasureGraceDays: whole(env, 'WERKTAFEL_ERASURE_GRACE_DAYS', 30, 0),
    pruneIntervalMinutes: whole(env, 'WERKTAFEL_PRUNE_INTERVAL_MINUTES', 60, 1),
  };
}
