import type http from 'node:http';
import type { Request, Response } from 'botbuilder';
import { isLoopback } from './config.js';

// Node's http request/response → the minimal express-like shapes CloudAdapter.process expects.

const MAX_BODY = 1024 * 1024;

export async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toBotRequest(req: http.IncomingMessage, body: Record<string, unknown> | undefined): Request {
  return { method: req.method, headers: req.headers, body };
}

export function toBotResponse(res: http.ServerResponse): Response {
  let status = 200;
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    send(body: unknown) {
      if (body === undefined) return;
      if (typeof body === 'string' || Buffer.isBuffer(body)) payload = String(body);
      else {
        payload = JSON.stringify(body);
        headers['content-type'] ??= 'application/json';
      }
    },
    end() {
      if (res.writableEnded) return;
      res.writeHead(status, headers).end(payload);
    },
  };
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/**
 * A caller on this machine talking to us directly. A same-host reverse proxy also connects from loopback,
 * but says on whose behalf with Forwarded / X-Forwarded-*: such a request is not local.
 */
export function isLocalCaller(req: http.IncomingMessage): boolean {
  const proxied = Object.keys(req.headers).some((h) => h === 'forwarded' || h === 'x-real-ip' || h.startsWith('x-forwarded-'));
  return !proxied && isLoopbackAddress(req.socket.remoteAddress);
}

/** Replies go to the activity's serviceUrl: unauthenticated, only one on this machine. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return isLoopback(new URL(url).hostname);
  } catch {
    return false;
  }
}
