import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { t } from '../../src/core/i18n.js';

// Environment → Teams settings. With MICROSOFT_APP_ID the endpoint checks Bot Framework tokens;
// without it, it checks nothing, so it only serves the local trial: loopback, no Slack deployment
// (unless WERKTAFEL_TEAMS_LOCAL=1 asks for it).

export interface TeamsConfig {
  /** Empty: unauthenticated local mode. */
  appId: string;
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  appType: string;
  /** Why the endpoint must stay off (unauthenticated outside a local trial, or a missing secret). */
  refusal?: string;
  /** Start the Microsoft 365 Agents Playground after the server listens. */
  playground: boolean;
}

export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

export function readTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig {
  const appId = env.MICROSOFT_APP_ID?.trim() ?? '';
  const password = env.MICROSOFT_APP_PASSWORD?.trim() ?? '';
  const appType = env.MICROSOFT_APP_TYPE?.trim() || 'MultiTenant';
  const tenantId = env.MICROSOFT_APP_TENANT_ID?.trim() ?? '';
  const host = env.HOST || '127.0.0.1';
  const localTrialAsked = env.WERKTAFEL_TEAMS_LOCAL?.trim() === '1';
  let refusal: string | undefined;
  if (!appId && !isLoopback(host)) {
    refusal = t('nl', 'teams.banner.off_host', { host });
  } else if (!appId && env.SLACK_BOT_TOKEN?.trim() && !localTrialAsked) {
    refusal = t('nl', 'teams.banner.off_slack');
  } else if (appId && !password && appType !== 'UserAssignedMSI') {
    refusal = t('nl', 'teams.banner.off_password');
  } else if (appId && appType === 'SingleTenant' && !tenantId) {
    refusal = t('nl', 'teams.banner.off_tenant');
  }
  return {
    appId,
    appType,
    auth: appId
      ? {
          MicrosoftAppId: appId,
          MicrosoftAppPassword: password,
          MicrosoftAppType: appType,
          MicrosoftAppTenantId: tenantId || undefined,
        }
      : {},
    refusal,
    playground: !appId && !env.SLACK_BOT_TOKEN && env.WERKTAFEL_PLAYGROUND !== '0' && !refusal,
  };
}
