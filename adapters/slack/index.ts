import { App, HTTPReceiver, LogLevel, type ReceiverEvent } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.js';
import type { Mount, MountedAdapter } from '../mount.js';
import { botIdentity, clientOptions, createWebClient } from './client.js';
import { readSlackConfig } from './config.js';
import { registerHandlers } from './handlers.js';
import { Inflight } from './inflight.js';
import { WorkQueue } from './queue.js';

// Slack on the shared server: HTTP (POST /slack/events for events, slash commands and buttons)
// or Socket Mode when SLACK_APP_TOKEN is set. Bolt verifies signatures and acks; handlers.ts does the rest.

export const SLACK_PATH = '/slack/events';

export interface SlackAdapter extends MountedAdapter {
  mode: 'http' | 'socket';
  bot: Bot;
  /** Resolves when every answer in progress has been posted (tests, graceful stop). */
  idle(timeoutMs?: number): Promise<void>;
}

/** Bolt's App, with every delivery counted from the moment the receiver hands it over (before the ack). */
class TrackedApp extends App {
  inflight = new Inflight();
  queue?: WorkQueue;
  override processEvent(event: ReceiverEvent): Promise<void> {
    this.queue?.arrived();
    return this.inflight.run(() => super.processEvent(event));
  }
}

export const mountSlack: Mount = async (bot, env) => createSlackAdapter(bot, env);

export async function createSlackAdapter(bot: Bot, env: NodeJS.ProcessEnv): Promise<SlackAdapter | null> {
  const config = readSlackConfig(env);
  if (!config) return null;
  const command = env.SLACK_COMMAND?.trim() || '/werktafel';
  const queue = new WorkQueue({ concurrency: Math.max(1, Number(env.SLACK_CONCURRENCY) || 4) });
  const inflight = new Inflight();
  let app: TrackedApp | undefined;
  // Both the deliveries Bolt is processing and the answers they started.
  const idle = async (timeoutMs?: number) => {
    await app?.inflight.idle(timeoutMs);
    await inflight.idle(timeoutMs);
  };
  const apiNote = config.apiUrl ? [`Web API: ${config.apiUrl}`] : [];

  if (!config.appToken && !config.signingSecret) {
    return {
      name: 'slack',
      mode: 'http',
      bot,
      routes: [],
      banner: ['SLACK_SIGNING_SECRET ontbreekt: het Slack-endpoint staat uit (zet het geheim, of SLACK_APP_TOKEN voor Socket Mode).'],
      idle,
    };
  }

  const client = createWebClient(config);
  const identity = botIdentity(client);
  // Our own authorize: one auth.test per process (Bolt's token option repeats it per event when verification is deferred).
  const authorize = async () => ({ botToken: config.botToken, ...(await identity()) });
  const common = { authorize, clientOptions: clientOptions(config), logLevel: LogLevel.WARN, convoStore: false as const };

  if (config.appToken) {
    const socketApp = (app = new TrackedApp({ ...common, socketMode: true, appToken: config.appToken }));
    socketApp.queue = queue;
    registerHandlers(socketApp, { bot, client, identity, inflight, command, queue });
    return {
      name: 'slack',
      mode: 'socket',
      bot,
      routes: [],
      serving: true,
      banner: [`Socket Mode (SLACK_APP_TOKEN): geen publiek endpoint nodig; slash-commando ${command}`, ...apiNote],
      async started() {
        await socketApp.start();
        console.log('  [slack] Socket Mode verbonden');
      },
      async stop() {
        await socketApp.stop().catch(() => undefined);
        await idle(10_000);
      },
      idle,
    };
  }

  const receiver = new HTTPReceiver({ signingSecret: config.signingSecret!, endpoints: SLACK_PATH, logLevel: LogLevel.WARN });
  app = new TrackedApp({ ...common, receiver });
  app.queue = queue;
  registerHandlers(app, { bot, client, identity, inflight, command, queue });
  return {
    name: 'slack',
    mode: 'http',
    bot,
    routes: [{ method: 'POST', path: SLACK_PATH, handler: (req, res) => receiver.requestListener(req, res) }],
    banner: [`HTTP: events, slash-commando ${command} en knoppen op POST ${SLACK_PATH}`, ...apiNote],
    async started(info) {
      console.log(`  [slack] Request URL voor de Slack-app: ${info.url}${SLACK_PATH} (achter je publieke https-adres)`);
      // Early warning for a wrong token; answering still works once Slack is reachable.
      identity().catch((err: Error) => console.warn(`  [slack] auth.test mislukt: ${err.message}`));
    },
    async stop() {
      await idle(10_000);
    },
    idle,
  };
}
