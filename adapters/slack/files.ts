import type { SharedFile } from '../../src/core/types.js';
import { fetchFile, isInternalHost } from '../../src/documents/download.js';
import type { WebClient } from './client.js';

// Files shared in Slack: the message event's `files`, read from url_private_download with the bot token.
// The token goes only to Slack's file host (or the Web API host the adapter is pointed at: GovSlack, tests).

/** The fields of a file object in a Slack message event this adapter reads. */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  size?: number;
  mimetype?: string;
  url_private?: string;
  url_private_download?: string;
  /** 'tombstone' for a deleted file, 'hidden_by_limit' on a free workspace past its limit. */
  mode?: string;
}

export function sharedFiles(files: SlackFile[] | undefined): SharedFile[] | undefined {
  const out = (files ?? [])
    .filter((f) => f.mode !== 'tombstone' && (f.url_private_download || f.url_private))
    .map((f) => ({
      name: f.name ?? f.title ?? 'bestand',
      ...(f.size !== undefined ? { size: f.size } : {}),
      ...(f.mimetype ? { mime: f.mimetype } : {}),
      ref: (f.url_private_download ?? f.url_private)!,
    }));
  return out.length ? out : undefined;
}

/** Hosts Slack serves shared files from (url_private_download and its redirects). */
const SLACK_FILE_HOST = /(^|\.)(slack\.com|slack-edge\.com|slack-files\.com)$/;

/**
 * Downloads a shared file with the bot token (at most the upload limit is read). Every hop must be on
 * Slack's file hosts or the Web API host the adapter is pointed at (GovSlack, a stand-in); plain http and
 * loopback only when that host is a local stand-in on this machine.
 */
export function downloadSlackFile(client: WebClient, file: SharedFile): Promise<Uint8Array> {
  const api = client.slackApiUrl ? new URL(client.slackApiUrl) : undefined;
  const local = Boolean(api && isInternalHost(api.hostname));
  const allowed = (url: URL) => url.host === api?.host || (url.protocol === 'https:' && SLACK_FILE_HOST.test(url.hostname));
  // Without a valid token Slack answers with its sign-in page, which fetchFile refuses.
  return fetchFile(new URL(file.ref), file.name, { allowed, local, headers: { Authorization: `Bearer ${client.token}` } });
}
