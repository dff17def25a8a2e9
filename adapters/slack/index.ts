import type http from 'node:http';
import { App, HTTPModuleFunctions, HTTPReceiver, LogLevel, type ReceiverEvent } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.js';
import { Delivery } from '../../src/core/delivery.js';
import { detectLanguage, t } from '../../src/core/i18n.js';
import type { JobQueue } from '../../src/core/jobs.js';
import { GroupScope } from '../../src/groups/scope.js';
import { log } from '../../src/log.js';
import { refuseDeepJson } from '../json-depth.js';
import type { Mount, MountedAdapter } from '../mount.js';
import { botIdentity, clientOptions, createWebClient } from './client.js';
import { readSlackConfig } from './config.js';
import { deliveryKey, deliveryPlace } from './deliveries.js';
import { registerHandlers } from './handlers.js';
import { SlackPort } from './port.js';
import { workspaceHint } from './scope.js';

// Slack on the shared server: HTTP (POST /slack/events for events, slash commands and buttons)
// or Socket Mode when SLACK_APP_TOKEN is set. Bolt verifies signatures; every delivery is recorded in
// the core's job queue and only then acknowledged; the queue runs Bolt's listeners (handlers.ts).

export const SLACK_PATH = '/slack/events';
const slog = log.child({ platform: 'slack' });

export interface SlackAdapter extends MountedAdapter {
  mode: 'http' | 'socket';
  bot: Bot;
  /** Resolves when every answer in progress has been posted (tests, graceful stop). */
  idle(timeoutMs?: number): Promise<void>;
}

/** Slack signs its timestamp; one further ahead than this is refused (Bolt only refuses old ones). */
const MAX_FUTURE_SKEW_S = 5 * 60;

class TooDeep extends Error {}

/** Bolt's App, which records each delivery as a job before the ack and runs its listeners from the job. */
class QueuedApp extends App {
  jobs!: JobQueue;
  scope!: GroupScope;
  private readonly fromJob = new WeakSet<ReceiverEvent>();

  override async processEvent(event: ReceiverEvent): Promise<void> {
    if (this.fromJob.has(event)) return super.processEvent(event);
    this.jobs.arrived();
    if (refuseDeepJson('slack', event.body)) throw new TooDeep();
    // No Web API call before the ack: a failing auth.test must not keep Slack waiting. The group key
    // (for erasure of queued work) comes from the database or the envelope.
    const place = deliveryPlace(event.body);
    const groupId = place ? `slack:${await this.scope.workspaceOf('slack', place.channel, workspaceHint(place.hint))}:${place.channel}` : null;
    await this.jobs.enqueue('slack', deliveryKey(event.body), event.body, groupId);
    await event.ack();
  }

  /** Runs a recorded delivery through Bolt (authorize, listeners); it was acknowledged already. */
  async run(body: Record<string, unknown>): Promise<void> {
    const event: ReceiverEvent = { body, ack: async () => undefined };
    this.fromJob.add(event);
    await this.processEvent(event);
  }
}

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
  const app = receiver ? new QueuedApp({ ...common, receiver }) : new QueuedApp({ ...common, socketMode: true, appToken: config.appToken });
  app.jobs = bot.jobs;
  app.scope = new GroupScope(bot.services.db);
  registerHandlers(app, { bot, client, identity, command });
  const delivery = new Delivery(bot, new SlackPort(client));
  bot.jobs.handle(
    'slack',
    async (job) => {
      // Fails (and is retried later) while Slack cannot tell who the bot is.
      await identity();
      await app.run(job.payload as Record<string, unknown>);
    },
    async (job) => {
      const place = deliveryPlace((job.payload ?? {}));
      if (!place?.user) return;
      const to = { channel: place.channel, thread: place.thread, userId: place.user, groupId: job.groupId ?? '', language: detectLanguage(place.text), responseUrl: place.responseUrl };
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
