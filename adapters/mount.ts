import type http from 'node:http';
import type { Bot } from '../src/core/bot.js';

// What a platform adapter contributes to the shared server process.

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler(req: http.IncomingMessage, res: http.ServerResponse): void | Promise<void>;
}

export interface ServerInfo {
  /** Base URL the server listens on, e.g. http://127.0.0.1:3978 */
  url: string;
  host: string;
  port: number;
}

export interface MountedAdapter {
  name: string;
  routes: Route[];
  /** False when the adapter is mounted but refuses all traffic (health names only adapters that serve); default: it has routes. */
  serving?: boolean;
  /** Lines printed at start: what is configured, and warnings. */
  banner: string[];
  /** After the server listens (Socket Mode connection, local test client, ...). */
  started?(info: ServerInfo): Promise<void>;
  stop?(): Promise<void>;
}

/** An adapter returns null when it is not configured and has nothing to offer. */
export type Mount = (bot: Bot, env: NodeJS.ProcessEnv) => Promise<MountedAdapter | null>;
