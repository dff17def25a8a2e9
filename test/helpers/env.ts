/**
 * A server test runs on its own embedded store: the process environment points at the test's data
 * directory, and nothing configured outside the test (a Postgres server, an LLM, platform
 * credentials) leaks into the server it starts. Returns a function that restores the environment.
 */
const OUTSIDE = [
  'DATABASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_EMBEDDING_MODEL',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_ID',
  'MicrosoftAppId',
  'TEAMS_APP_ID',
];

export function isolateEnv(vars: Record<string, string>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const k of [...OUTSIDE, ...Object.keys(vars)]) saved.set(k, process.env[k]);
  for (const k of OUTSIDE) delete process.env[k];
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
