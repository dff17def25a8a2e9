import type { Reply, SharedFile } from './types.js';

/**
 * What a platform offers the core while it handles one message, beyond returning replies: downloading a
 * shared file, and posting a reply at once (progress on a long job, before the final replies).
 */
export interface PlatformIO {
  download(file: SharedFile): Promise<Uint8Array>;
  post?(reply: Reply): Promise<void>;
}
