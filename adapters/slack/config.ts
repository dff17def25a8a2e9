// Slack settings from the environment. SLACK_API_URL points the Web API elsewhere (GovSlack, tests, bench).

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  /** Set: Socket Mode instead of the HTTP endpoint. */
  appToken?: string;
  apiUrl?: string;
}

export function readSlackConfig(env: NodeJS.ProcessEnv): SlackConfig | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return null;
  const apiUrl = env.SLACK_API_URL?.trim();
  return {
    botToken,
    signingSecret: env.SLACK_SIGNING_SECRET?.trim() || undefined,
    appToken: env.SLACK_APP_TOKEN?.trim() || undefined,
    // The WebClient joins method names onto the base URL, so it must end with a slash.
    apiUrl: apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined,
  };
}
