import nock from 'nock';

// A nock stand-in for the Slack Web API, for tests: every method answers ok with what the adapter
// needs (auth.test, users.info, chat.postMessage/update/postEphemeral, the external file upload,
// files members shared, served at their url_private_download to the bot token only),
// every call is recorded with what it was answered, and the bytes sent to an upload URL are kept.
// Only loopback connections are left open while it is installed; `uninstall()` undoes that.

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  /** What the stand-in answered (ts of a posted message, file id ...), without `ok`. */
  result: Record<string, any>;
  /** When the call arrived (performance.now()). */
  at: number;
}

/** A one-shot answer for a method: [status, body, headers]. */
export type QueuedReply = [number, object, Record<string, string>?];

export interface FakeWebApiOptions {
  /** Origin the adapter is pointed at (SLACK_API_URL = `${base}/api/`). */
  base: string;
  /** Seconds part of the first ts handed out; each message gets the next one. */
  tsBase: number;
  /** users.info display_name of a user id. */
  displayName(userId: string): string;
  /** Each call, once answered (a child process reports them to its test this way). */
  onCall?(call: ApiCall): void;
  /** How long each chat.* call takes, as a slow Slack would. */
  chatLatencyMs?: number;
  /** One-shot answers queued from the start (e.g. auth.test failing while the server starts). */
  queued?: Record<string, QueuedReply[]>;
}

export interface FakeWebApi {
  /** For SLACK_API_URL. */
  apiUrl: string;
  calls: ApiCall[];
  /** Bodies sent to the upload URLs files.getUploadURLExternal handed out, by file id. */
  uploads: Map<string, string>;
  /** The same bodies as bytes (binary files such as a zip). */
  uploadBytes: Map<string, Buffer>;
  /** The next message ts, from the same sequence the stand-in answers with. */
  newTs(): string;
  /** Answers the next calls of `method` with these, one each, before the normal answers resume. */
  queue(method: string, ...replies: QueuedReply[]): void;
  /** Calls of `method`, optionally only those for `channel` (channel or channel_id). */
  of(method: string, channel?: string): ApiCall[];
  /**
   * A file a member shares: served at its url_private_download (to `Bearer xoxb-test` only; others get
   * Slack's sign-in page). Returns the file object as a message event carries it; `size` may be overstated.
   */
  shareFile(name: string, bytes: Uint8Array, opts?: { size?: number; mimetype?: string }): Record<string, unknown>;
  /** Downloads of shared files: path and whether the bot token came with it. */
  downloads: { path: string; authorized: boolean }[];
  /** Forgets the recorded calls and queued answers. */
  reset(): void;
  /** Removes every nock interceptor and lets the network in again. */
  uninstall(): void;
}

/** Web API arguments: the WebClient sends form-encoded bodies with JSON in blocks/attachments/files. */
export function parseArgs(body: unknown): Record<string, any> {
  if (body && typeof body === 'object') return body as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(String(body ?? ''))) {
    out[k] = /^(blocks|attachments|files|chunks)$/.test(k) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * The file's bytes. The WebClient posts them as multipart/form-data (one part); nock hands binary
 * bodies over hex-encoded.
 */
export function uploadedBytes(body: unknown): Buffer {
  let b = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const s = b.toString('latin1');
  if (/^([0-9a-f]{2})+$/i.test(s) && s.length > 16) b = Buffer.from(s, 'hex');
  // latin1 maps byte for byte, so the part's offsets are byte offsets.
  const multipart = b.toString('latin1').match(/^--(\S+)\r\n[\s\S]*?\r\n\r\n([\s\S]*)\r\n--\1--\r\n$/);
  return multipart ? Buffer.from(multipart[2], 'latin1') : b;
}

/** The file's bytes as text. */
export function uploadedText(body: unknown): string {
  return uploadedBytes(body).toString('utf8');
}

export function installFakeWebApi(opts: FakeWebApiOptions): FakeWebApi {
  const { base } = opts;
  const calls: ApiCall[] = [];
  const uploads = new Map<string, string>();
  const uploadBytes = new Map<string, Buffer>();
  const queued = new Map<string, QueuedReply[]>(Object.entries(opts.queued ?? {}));
  let tsSeq = 0;
  let fileSeq = 0;
  const shared = new Map<string, Uint8Array>();
  const downloads: { path: string; authorized: boolean }[] = [];
  const newTs = () => `${opts.tsBase + ++tsSeq}.000${String(tsSeq).padStart(3, '0')}`;

  function answer(method: string, args: Record<string, any>): Record<string, any> {
    switch (method) {
      case 'auth.test':
        return { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'users.info':
        return { user: { id: args.user, name: args.user.toLowerCase(), profile: { display_name: opts.displayName(args.user) } } };
      case 'chat.postMessage':
        return { channel: args.channel, ts: newTs(), message: { text: args.text } };
      case 'chat.startStream':
        return { channel: args.channel, ts: newTs() };
      case 'chat.appendStream':
      case 'chat.stopStream':
        return { channel: args.channel, ts: args.ts };
      case 'chat.update':
        return { channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { message_ts: newTs() };
      case 'files.getUploadURLExternal': {
        const id = `F${++fileSeq}`;
        return { upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { files: ((args.files ?? []) as { id: string; title?: string }[]).map((f) => ({ id: f.id, title: f.title })) };
      default:
        return {};
    }
  }

  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(base)
    .persist()
    .post(/\/api\/.+/)
    .reply(async (uri, body) => {
      const method = uri.replace(/^\/api\//, '');
      const args = parseArgs(body);
      if (opts.chatLatencyMs && method.startsWith('chat.')) await new Promise((r) => setTimeout(r, opts.chatLatencyMs));
      const once = queued.get(method)?.shift();
      const result = once ? (once[1] as Record<string, any>) : answer(method, args);
      calls.push({ method, args, result, at: performance.now() });
      opts.onCall?.(calls[calls.length - 1]);
      return once ?? [200, { ok: true, ...result }];
    });
  nock(base)
    .persist()
    .post(/^\/upload\/F\d+$/)
    .reply((uri, body) => {
      const id = uri.split('/').pop()!;
      uploadBytes.set(id, uploadedBytes(body));
      uploads.set(id, uploadedText(body));
      return [200, 'OK'];
    });

  nock(base)
    .persist()
    .get(/^\/files-pri\//)
    .reply(function (uri) {
      const authorized = this.req.headers.authorization === 'Bearer xoxb-test';
      downloads.push({ path: uri, authorized });
      const bytes = shared.get(uri);
      if (!authorized) return [200, '<!DOCTYPE html><title>Slack</title>', { 'content-type': 'text/html' }];
      if (!bytes) return [404, 'not found'];
      return [200, Buffer.from(bytes), { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) }];
    });

  return {
    apiUrl: `${base}/api/`,
    downloads,
    shareFile(name, bytes, o = {}) {
      const id = `F${++fileSeq}`;
      const path = `/files-pri/T1-${id}/download/${encodeURIComponent(name)}`;
      shared.set(path, bytes);
      return {
        id,
        name,
        title: name,
        mimetype: o.mimetype ?? 'application/octet-stream',
        size: o.size ?? bytes.byteLength,
        url_private: `${base}/files-pri/T1-${id}/${encodeURIComponent(name)}`,
        url_private_download: `${base}${path}`,
      };
    },
    calls,
    uploads,
    uploadBytes,
    newTs,
    queue(method, ...replies) {
      queued.set(method, [...(queued.get(method) ?? []), ...replies]);
    },
    of: (method, channel) =>
      calls.filter((c) => c.method === method && (!channel || c.args.channel === channel || c.args.channel_id === channel)),
    reset() {
      calls.length = 0;
      queued.clear();
    },
    uninstall() {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
