import type http from 'node:http';
import { App, HTTPModuleFunctions, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.js';
import { Delivery } from '../../src/core/delivery.js';
import { detectLanguage, t } from '../../src/core/i18n.js';
import { GroupScope } from '../../src/groups/scope.js';
import { log } from '../../src/log.js';
import { refuseDeepJson } from '../json-depth.js';
import type { Mount, MountedAdapter } from '../mount.js';
import { botIdentity, clientOptions, createWebClient } from './client.js';
import { readSlackConfig } from './config.js';
import { deliveryKey, deliveryPlace } from './deliveries.js';
import { registerHandlers } from './handlers.js';
import { SlackPort } from './port.js';
import { QueuedReceiver } from './receiver.js';
import { workspaceHint } from './scope.js';

// Slack on the shared server: HTTP (POST /slack/events for events, slash commands and buttons)
// or Socket Mode when SLACK_APP_TOKEN is set. Bolt verifies signatures; every delivery is recorded in
// the core's job queue and only then acknowledged (receiver.ts); the queue runs Bolt's listeners (handlers.ts).

export const SLACK_PATH = '/slack/events';
const slog = log.child({ platform: 'slack' });

export interface SlackAdapter extends MountedAdapter {
  mode: 'http' | 'socket';
  bot: Bot;
  /** Resolves true when every answer in progress has been posted (tests, graceful stop), false after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<boolean>;
}

/** Slack signs its timestamp; one further ahead than this is refused (Bolt only refuses old ones). */
const MAX_FUTURE_SKEW_S = 5 * 60;

class TooDeep extends Error {}

export const mountSlack: Mount = async (bot, env) => createSlackAdapter(bot, env);

export async function createSlackAdapter(bot: Bot, env: NodeJS.ProcessEnv): Promise<SlackAdapter | null> {
  const config = readSlackConfig(env);
  if (!config) return null;
  const command = env.SLACK_COMMAND?.trim() || '/werktafel';
  const idle = (timeoutMs?: number) => bot.jobs.idle(timeoutMs);
  const apiNote = config.apiUrl ? [t('nl', 'server.slack.web_api', { url: config.apiUrl })] : [];

  if (!config.appToken && !config.signingSecret) {
    return { name: 'slack', mode: 'http', bot, routes: [], banner: [t('nl', 'server.slack.no_secret')], idle };
  }

  const client = createWebClient(config);
  const identity = botIdentity(client);
  // Our own authorize: one auth.test per process (Bolt's token option repeats it per event when verification is deferred).
  const authorize = async () => ({ botToken: config.botToken, ...(await identity()) });
  const common = { authorize, clientOptions: clientOptions(config), logLevel: LogLevel.WARN, convoStore: false as const };
  const receiver = config.appToken
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret!,
        endpoints: SLACK_PATH,
        logLevel: LogLevel.WARN,
        processEventErrorHandler: async (args) => {
          if (!(args.error instanceof TooDeep)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
          args.response.writeHead(400).end();
          return true;
        },
      });
  const scope = new GroupScope(bot.services.db);
  /** Records a delivery before its ack. No Web API call: a failing auth.test must not keep Slack waiting. */
  const record = async (body: Record<string, unknown>) => {
    if (refuseDeepJson('slack', body)) throw new TooDeep();
    // The group key (for erasure of queued work) comes from the database or the envelope.
    const place = deliveryPlace(body);
    const groupId = place ? `slack:${await scope.workspaceOf('slack', place.channel, workspaceHint(place.hint))}:${place.channel}` : null;
    await bot.jobs.enqueue('slack', deliveryKey(body), body, groupId);
  };
  const queued = new QueuedReceiver(
    receiver ?? new SocketModeReceiver({ appToken: config.appToken!, logLevel: LogLevel.WARN }),
    bot.jobs,
    record,
  );
  const app = new App({ ...common, receiver: queued });
  registerHandlers(app, { bot, client, identity, command });
  const delivery = new Delivery(bot, new SlackPort(client));
  bot.jobs.handle(
    'slack',
    async (job) => {
      // Fails (and is retried later) while Slack cannot tell who the bot is.
      await identity();
      await queued.run(job.payload as Record<string, unknown>);
    },
    async (job) => {
      const place = deliveryPlace(job.payload ?? {});
      if (!place?.user) return;
      const to = {
        channel: place.channel,
        thread: place.thread,
        userId: place.user,
        groupId: job.groupId ?? '',
        language: detectLanguage(place.text),
        responseUrl: place.responseUrl,
      };
      await delivery.deadLetter(to, job.streamRef);
    },
  );

  if (!receiver) {
    return {
      name: 'slack',
      mode: 'socket',
      bot,
      routes: [],
      serving: true,
      banner: [t('nl', 'server.slack.socket', { command }), ...apiNote],
      async started() {
        await app.start();
        slog.info(t('nl', 'server.slack.socket_connected'));
      },
      async stop() {
        await app.stop().catch(() => undefined);
        await idle(10_000);
      },
      idle,
    };
  }
  return {
    name: 'slack',
    mode: 'http',
    bot,
    routes: [
      {
        method: 'POST',
        path: SLACK_PATH,
        handler: (req, res) => {
          if (fromTheFuture(req)) return void res.writeHead(401).end();
          return receiver.requestListener(req, res);
        },
      },
    ],
    banner: [t('nl', 'server.slack.http', { command, path: SLACK_PATH }), ...apiNote],
    async started(info) {
      slog.info(t('nl', 'server.slack.request_url', { url: `${info.url}${SLACK_PATH}` }));
      // Early warning for a wrong token; answering still works once Slack is reachable.
      identity().catch((err: Error) => slog.warn({ err: err.message }, t('nl', 'server.slack.auth_failed')));
    },
    async stop() {
      await idle(10_000);
    },
    idle,
  };
}

/** A signed timestamp more than five minutes ahead: a replay prepared for later, refused (the signature covers it). */
function fromTheFuture(req: http.IncomingMessage): boolean {
  const ts = Number(req.headers['x-slack-request-timestamp']);
  if (!Number.isFinite(ts) || ts <= Date.now() / 1000 + MAX_FUTURE_SKEW_S) return false;
  slog.warn({ aheadS: Math.round(ts - Date.now() / 1000) }, 'request refused: timestamp in the future');
  return true;
}
