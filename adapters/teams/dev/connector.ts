import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for the Bot Framework connector (the activity's serviceUrl) on 127.0.0.1.
// It records every call the bot makes, so tests can assert the exact reply activities.

export interface ConnectorCall {
  method: string;
  /** Decoded path, e.g. /v3/conversations/19:x@thread.tacv2;messageid=1/activities/1 */
  path: string;
  conversationId?: string;
  /** The activity id in the path: replyToId for POST, the updated activity for PUT. */
  activityId?: string;
  body: Record<string, unknown>;
  /** The id the connector gave the new activity. */
  assignedId?: string;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** Calls that post or update a message (no typing indicators). */
  messages(): ConnectorCall[];
  waitFor(pred: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Serves a file at a download URL, as SharePoint does for a file sent in a chat; returns the URL. */
  serveFile(name: string, bytes: Uint8Array): string;
  /** Paths of the files downloaded. */
  downloads: string[];
  /**
   * An upload URL as Teams hands it out when a member accepts a file (a OneDrive upload session): PUTs to it are
   * recorded in `uploads`; `fails` makes it answer 500.
   */
  uploadUrl(name: string, opts?: { fails?: boolean }): string;
  uploads: Upload[];
  reset(): void;
  close(): Promise<void>;
}

export interface Upload {
  path: string;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const uploads: Upload[] = [];
  let next = 1000;
  const files = new Map<string, Uint8Array>();
  const downloads: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/files/')) {
      downloads.push(req.url);
      const bytes = files.get(req.url);
      if (!bytes) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(bytes));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    if (req.url?.startsWith('/upload/')) {
      req.on('end', () => {
        uploads.push({ path: req.url!, headers: req.headers, bytes: Buffer.concat(chunks) });
        if (req.url!.includes('/fails/')) return res.writeHead(500).end();
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(++next) }));
      });
      return;
    }
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?$/.exec(path);
      const call: ConnectorCall = { method: req.method ?? '', path, conversationId: m?.[1], activityId: m?.[2], body };
      calls.push(call);
      const json = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (!m) return json(404, { error: { code: 'NotFound', message: path } });
      if (req.method === 'POST' && !m[1]) {
        // New conversation = new top-level channel post.
        const id = String(++next);
        const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'conversation';
        call.assignedId = id;
        return json(201, { id: `${channel};messageid=${id}`, activityId: id });
      }
      if (req.method === 'PUT') return json(200, { id: m[2] });
      call.assignedId = String(++next);
      return json(200, { id: call.assignedId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const messages = () => calls.filter((c) => c.body.type !== 'typing');
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    messages,
    downloads,
    uploads,
    uploadUrl(name, opts = {}) {
      return `http://127.0.0.1:${port}/upload/${opts.fails ? 'fails/' : ''}${++next}/${encodeURIComponent(name)}`;
    },
    serveFile(name, bytes) {
      const path = `/files/${++next}/${encodeURIComponent(name)}`;
      files.set(path, bytes);
      return `http://127.0.0.1:${port}${path}`;
    },
    async waitFor(pred, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(calls)) {
        if (Date.now() > deadline)
          throw new Error(`connector: condition not met; calls: ${JSON.stringify(calls.map((c) => `${c.method} ${c.path}`))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    reset() {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
