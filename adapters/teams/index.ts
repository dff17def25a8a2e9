import path from 'node:path';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Bot } from '../../src/core/bot.js';
import { t } from '../../src/core/i18n.js';
import { log } from '../../src/log.js';
import type { Mount, MountedAdapter, Route, ServerInfo } from '../mount.js';
import { refuseDeepJson } from '../json-depth.js';
import { readTeamsConfig } from './config.js';
import { keepEntityProperties } from './entity-serialization.js';
import { isLocalCaller, isLoopbackUrl, readJson, toBotRequest, toBotResponse } from './http.js';
import { startPlayground, type Playground } from './playground.js';
import { createTeamsApplication } from './turns.js';

// Microsoft Teams on the shared server: POST /api/messages, through Teams AI (v1) and botbuilder's
// CloudAdapter. Everything Teams-specific stays in this folder, so moving to the Teams SDK v2
// touches nothing else.

export const TEAMS_PATH = '/api/messages';

export interface TeamsMounted extends MountedAdapter {
  bot: Bot;
  /** Resolves true when every answer in progress has been posted (tests, graceful stop), false after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<boolean>;
  /** The running Agents Playground, if started. */
  playground(): Playground | undefined;
  /** Why the Agents Playground did not start, if it failed. */
  playgroundFailure(): string | undefined;
}

export const mountTeams: Mount = async (bot, env) => createTeamsAdapter(bot, env);

/** See TurnDeps.channelSettleMs: long enough for the Playground's web client to store the member's post. */
const PLAYGROUND_SETTLE_MS = 1500;

export async function createTeamsAdapter(bot: Bot, env: NodeJS.ProcessEnv): Promise<TeamsMounted> {
  const config = readTeamsConfig(env);
  let playground: Playground | undefined;
  let playgroundFailure: string | undefined;
  const common = {
    name: 'teams',
    bot,
    idle: (ms?: number) => bot.jobs.idle(ms),
    playground: () => playground,
    playgroundFailure: () => playgroundFailure,
  };

  if (config.refusal) {
    const refuse: Route = { method: 'POST', path: TEAMS_PATH, handler: (_req, res) => void res.writeHead(401).end() };
    return { ...common, routes: [refuse], serving: false, banner: [t('nl', 'teams.banner.off', { reason: config.refusal })] };
  }

  keepEntityProperties();
  const adapter = new TeamsAdapter(config.auth);
  const unauthenticated = !config.appId;
  const app = createTeamsApplication({
    bot,
    adapter,
    appId: config.appId,
    channelSettleMs: unauthenticated && config.playground ? PLAYGROUND_SETTLE_MS : 0,
    // The Playground's client refuses files from a bot (and has no OneDrive to consent to).
    noFiles: unauthenticated && config.playground,
  });
  const tlog = log.child({ platform: 'teams' });

  const route: Route = {
    method: 'POST',
    path: TEAMS_PATH,
    async handler(req, res) {
      // Without credentials anyone who reaches the port could talk as anyone, and name where replies go.
      if (unauthenticated && !isLocalCaller(req)) {
        res.writeHead(401).end();
        return;
      }
      const body = await readJson(req).catch((err: { status?: number }) => {
        res.writeHead(err.status ?? 400).end();
        return null;
      });
      if (body === null) return;
      if (refuseDeepJson('teams', body)) {
        res.writeHead(400).end();
        return;
      }
      if (unauthenticated && !isLoopbackUrl(body?.serviceUrl)) {
        res.writeHead(401).end();
        return;
      }
      await adapter.process(toBotRequest(req, body), toBotResponse(res), async (context) => {
        await app.run(context);
      });
    },
  };

  const banner = unauthenticated
    ? [
        t('nl', 'teams.banner.local', { path: TEAMS_PATH }),
        t('nl', config.playground ? 'server.teams.playground_starts' : 'server.teams.playground_off'),
      ]
    : [t('nl', 'teams.banner.authenticated', { path: TEAMS_PATH, appId: config.appId, appType: config.appType })];

  return {
    ...common,
    routes: [route],
    banner,
    async started(info: ServerInfo) {
      if (!config.appId) tlog.info(t('nl', 'server.teams.endpoint_local', { url: `${info.url}${TEAMS_PATH}` }));
      else tlog.info(t('nl', 'server.teams.endpoint_azure', { path: TEAMS_PATH, url: `${info.url}${TEAMS_PATH}` }));
      if (!config.playground) return;
      try {
        playground = await startPlayground({
          botEndpoint: `${info.url}${TEAMS_PATH}`,
          port: Number(env.WERKTAFEL_PLAYGROUND_PORT) || undefined,
          logFile: path.join(bot.services.config.dataDir, 'agentsplayground.log'),
        });
        tlog.info(t('nl', 'server.teams.playground_url', { url: playground.url }));
      } catch (err) {
        playgroundFailure = (err as Error).message;
        tlog.warn({ err: playgroundFailure }, t('nl', 'server.teams.playground_failed'));
      }
    },
    async stop() {
      await playground?.stop();
      playground = undefined;
      await bot.jobs.idle(10_000);
    },
  };
}
