import { LogLevel, webApi } from '@slack/bolt';
import type { SlackConfig } from './config.js';

export type WebClient = webApi.WebClient;

/**
 * Options for every WebClient of the adapter. Rate-limited calls (429) wait for Retry-After and
 * are retried instead of rejected; a handful of retries keeps a stuck call from hanging for half an hour.
 */
export function clientOptions(config: SlackConfig): webApi.WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 5_000, randomize: true },
    timeout: 30_000,
  };
}

export function createWebClient(config: SlackConfig): WebClient {
  return new webApi.WebClient(config.botToken, clientOptions(config));
}

/** The bot's own ids, asked once and retried after a failure (so a Slack hiccup at start does not stick). */
export function botIdentity(client: WebClient): () => Promise<{ botUserId: string; botId: string; teamId?: string }> {
  let pending: Promise<{ botUserId: string; botId: string; teamId?: string }> | undefined;
  return () => {
    pending ??= client.auth.test().then(
      (r) => ({ botUserId: String(r.user_id), botId: String(r.bot_id), teamId: r.team_id }),
      (err) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}
