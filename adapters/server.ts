import http from 'node:http';
import { createWerktafel } from '../src/app.js';
import { t } from '../src/core/i18n.js';
import { log } from '../src/log.js';
import { startPruning } from '../src/privacy/retention.js';
import type { Db } from '../src/storage/db.js';
import type { MountedAdapter, Route } from './mount.js';
import { mountSlack } from './slack/index.js';
import { mountTeams } from './teams/index.js';

// One process, one port: Slack at /slack/events, Teams at /api/messages.

export interface RunningServer {
  url: string;
  server: http.Server;
  adapters: MountedAdapter[];
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2000;

/** Healthy when the database answers; names the platforms that take traffic, not those mounted but off. */
async function health(db: Db, adapters: MountedAdapter[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const platforms = adapters.filter((a) => a.serving ?? a.routes.length > 0).map((a) => a.name);
  let timer: NodeJS.Timeout | undefined;
  const database = await Promise.race([
    db.query('SELECT 1').then(() => 'ok'),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), HEALTH_TIMEOUT_MS))),
  ])
    .catch(() => 'unreachable')
    .finally(() => clearTimeout(timer));
  const ok = database === 'ok';
  return { status: ok ? 200 : 503, body: { ok, database, platforms } };
}

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const app = await createWerktafel();
  // Retention and scheduled erasures (README "Privacy en AVG"), on every instance.
  const pruner = startPruning(app.db, app.services.config.privacy);
  const adapters = (await Promise.all([mountSlack(app.bot, env), mountTeams(app.bot, env)])).filter((a): a is MountedAdapter => a !== null);
  const routes = new Map<string, Route>(adapters.flatMap((a) => a.routes).map((r) => [`${r.method} ${r.path}`, r]));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      void health(app.db, adapters).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      return;
    }
    const route = routes.get(`${req.method} ${path}`);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(route.handler(req, res)).catch((err) => {
      log.error({ method: req.method, path, err: (err as Error)?.message }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const host = env.HOST || '127.0.0.1';
  const port = Number(env.PORT ?? 3978);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  log.info(t('nl', 'server.listening', { url, data: app.db.location }));
  for (const a of adapters) for (const line of a.banner) log.info({ platform: a.name }, line);
  for (const a of adapters) await a.started?.({ url, host, port: actualPort });
  let closed = false;
  return {
    url,
    server,
    adapters,
    async close() {
      if (closed) return;
      closed = true;
      for (const a of adapters) await a.stop?.().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await pruner.stop();
      await app.close();
    },
  };
}
