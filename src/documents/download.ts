import { BlockList, isIP } from 'node:net';
import { UPLOAD_LIMITS, UploadError } from './read-upload.js';

// Fetching a shared file for an adapter's download capability. Redirects are followed by hand, and every
// hop is checked again: https, a host the platform serves files from, never a loopback or private address
// (outside a local trial). A token goes only to the first host. At most the upload limit is read (a larger
// file is refused while reading, whatever size the platform declared), and a sign-in page where a file was
// expected is an error, not a document.

export interface DownloadRules {
  /** Whether a hop's host is one the platform serves files from (checked on every hop). */
  allowed(url: URL): boolean;
  /** A local trial: plain http and loopback addresses are allowed (for hosts `allowed` admits). */
  local?: boolean;
  /** Headers for the first origin only (a bot token); never sent on after a redirect to another origin. */
  headers?: Record<string, string>;
}

const MAX_REDIRECTS = 5;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** Loopback, private, link-local, carrier-grade NAT and unspecified addresses: never a platform's file host. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** A host that names this machine or a private network by address or by name. */
export function isInternalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h)?.[1];
  if (mapped) return INTERNAL.check(mapped, 'ipv4');
  const kind = isIP(h);
  return kind === 4 ? INTERNAL.check(h, 'ipv4') : kind === 6 ? INTERNAL.check(h, 'ipv6') : false;
}

/** Why a hop may not be fetched, or null when it may. */
export function refusedHop(url: URL, rules: DownloadRules): string | null {
  const internal = isInternalHost(url.hostname);
  if (internal && !rules.local) return `a loopback or private address: ${url.host}`;
  if (url.protocol !== 'https:' && !(rules.local && internal && url.protocol === 'http:')) return `not https: ${url.protocol}//${url.host}`;
  if (!rules.allowed(url)) return `not a file host of the platform: ${url.host}`;
  return null;
}

export async function fetchFile(first: URL, name: string, rules: DownloadRules): Promise<Uint8Array> {
  let url = first;
  let r: Response | undefined;
  for (let hop = 0; ; hop++) {
    const refusal = refusedHop(url, rules);
    if (refusal) throw new Error(`file download refused (${hop ? `redirect ${hop}` : 'address'}): ${refusal}`);
    const init: RequestInit = { headers: url.origin === first.origin ? rules.headers : undefined, redirect: 'manual' };
    // A kept-alive connection the host closed while it was idle fails at once (a file waiting its turn may be
    // fetched minutes after the message): a GET is asked again once.
    r = await fetch(url, init).catch((err: unknown) => {
      if (err instanceof TypeError) return fetch(url, init);
      throw err;
    });
    if (!REDIRECT.has(r.status)) break;
    await r.body?.cancel();
    const location = r.headers.get('location');
    if (!location || hop >= MAX_REDIRECTS) throw new Error(`file download failed: HTTP ${r.status} without a usable redirect`);
    url = new URL(location, url);
  }
  if (!r.ok || !r.body) throw new Error(`file download failed: HTTP ${r.status}`);
  if (/^text\/html/.test(r.headers.get('content-type') ?? '') && !/\.html?$/i.test(name))
    throw new Error('the platform answered with a web page, not the file');
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > UPLOAD_LIMITS.maxBytes) throw new UploadError('too_large', { mb: Math.ceil(total / 1048576) });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
