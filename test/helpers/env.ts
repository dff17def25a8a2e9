// A server or command a test starts runs on its own store: it is given the test's data directory, and
// nothing configured outside the test (a Postgres server, an LLM, platform credentials) leaks into it.

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

/** For a server in this process: sets `vars` and clears OUTSIDE. Returns a function that restores the environment. */
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

/** For a child process: this process's environment without OUTSIDE, with `vars`. */
export function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of OUTSIDE) delete env[k];
  return Object.assign(env, vars);
}
