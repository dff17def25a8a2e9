import type { WebClient } from './client.js';

// Display names for member attributions ("naam (organisatie)"); asked once per user and process.

export class UserNames {
  private readonly names = new Map<string, Promise<string | undefined>>();

  constructor(private readonly client: WebClient) {}

  of(userId: string, fallback?: string): Promise<string | undefined> {
    let p = this.names.get(userId);
    if (!p) {
      p = this.client.users.info({ user: userId }).then(
        (r) => r.user?.profile?.display_name || r.user?.real_name || r.user?.name || fallback,
        () => {
          // Not cached: the next message asks again.
          this.names.delete(userId);
          return fallback;
        },
      );
      this.names.set(userId, p);
    }
    return p;
  }
}
