import http from 'node:http';
import path from 'node:path';
import { createWerktafel } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { log } from '../../../src/log.js';
import type { MountedAdapter, Route } from '../../mount.js';
import { createSlackAdapter, type SlackAdapter } from '../index.js';

// Starts the real server (adapters/server.ts) for tests and the bench, or, while the shared
// server cannot load yet (another adapter missing), an equivalent one with only Slack mounted.

export interface SlackServer {
  url: string;
  slack: SlackAdapter;
  close(): Promise<void>;
}

export async function startSlackServer(env: NodeJS.ProcessEnv = process.env): Promise<SlackServer> {
  let startServer: ((env?: NodeJS.ProcessEnv) => Promise<{ url: string; adapters: MountedAdapter[]; close(): Promise<void> }>) | undefined;
  try {
    ({ startServer } = await import('../../server.js'));
  } catch (err) {
    log.warn({ err: (err as Error).message.split('\n')[0] }, 'slack harness: adapters/server.ts not loadable; using a Slack-only server');
  }
  if (startServer) {
    const running = await startServer(env);
    const slack = running.adapters.find((a) => a.name === 'slack') as SlackAdapter | undefined;
    if (!slack) throw new Error('Slack adapter not mounted: is SLACK_BOT_TOKEN set?');
    return { url: running.url, slack, close: () => running.close() };
  }
  return startSlackOnly(env);
}

async function startSlackOnly(env: NodeJS.ProcessEnv): Promise<SlackServer> {
  const config = loadConfig(env);
  const app = await createWerktafel({ config: { ...config, dataDir: path.resolve(config.dataDir) } });
  const slack = await createSlackAdapter(app.bot, env);
  if (!slack) throw new Error('Slack adapter not mounted: is SLACK_BOT_TOKEN set?');
  const routes = new Map<string, Route>(slack.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const server = http.createServer((req, res) => {
    const route = routes.get(`${req.method} ${(req.url ?? '/').split('?')[0]}`);
    if (!route) return void res.writeHead(404).end();
    Promise.resolve(route.handler(req, res)).catch(() => res.headersSent || res.writeHead(500).end());
  });
  const host = env.HOST || '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(Number(env.PORT ?? 0), host, resolve));
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : 0}`;
  await slack.started?.({ url, host, port: Number(new URL(url).port) });
  return {
    url,
    slack,
    async close() {
      await slack.stop?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close();
    },
  };
}
