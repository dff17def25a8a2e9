import type { Activity } from 'botbuilder';
import type { SharedFile } from '../../src/core/types.js';
import { fetchFile } from '../../src/documents/download.js';

// Files shared in Teams. In personal and group chats a file arrives as a file.download.info attachment
// with a short-lived, pre-authorised downloadUrl on SharePoint/OneDrive. Channel files come only as a
// link to the SharePoint page (a 'reference' attachment, or a link in the message's HTML): nothing the
// bot can download, which the core says plainly.

const DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const DOCUMENT_LINK = /<a[^>]+href="(https:\/\/[^"]+\.sharepoint\.com\/[^"]+\.(?:pdf|docx?|md|txt)(?:\?[^"]*)?)"[^>]*>([^<]*)<\/a>/gi;

interface DownloadInfo {
  downloadUrl?: string;
  fileType?: string;
}

export function sharedFiles(a: Partial<Activity>): SharedFile[] | undefined {
  const out: SharedFile[] = [];
  for (const att of (a.attachments ?? [])) {
    const info = att.content as DownloadInfo | undefined;
    if (att.contentType === DOWNLOAD_INFO && info?.downloadUrl) {
      out.push({ name: att.name ?? `bestand.${info.fileType ?? ''}`, ref: info.downloadUrl });
    } else if (att.contentType === 'reference' && att.contentUrl) {
      out.push({ name: att.name ?? decodeURIComponent(att.contentUrl.split('/').pop() ?? 'bestand'), ref: att.contentUrl, linkOnly: true });
    } else if (att.contentType === 'text/html' && typeof att.content === 'string') {
      for (const m of att.content.matchAll(DOCUMENT_LINK)) out.push({ name: m[2] || decodeURIComponent(m[1].split('/').pop()!), ref: m[1], linkOnly: true });
    }
  }
  return out.length ? out : undefined;
}

/** SharePoint and OneDrive hosts Teams hands out download links on; loopback for the local trial and tests. */
function downloadable(url: URL): boolean {
  if (url.protocol === 'https:') return /(^|\.)sharepoint(-df)?\.(com|us|de|cn)$/.test(url.hostname);
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

/** Reads a file sent in a chat from its downloadUrl, which carries its own short-lived authorisation: no token is sent. */
export function downloadTeamsFile(file: SharedFile): Promise<Uint8Array> {
  const url = new URL(file.ref);
  if (!downloadable(url)) throw new Error(`not a Teams file address: ${url.host}`);
  return fetchFile(url, file.name);
}
