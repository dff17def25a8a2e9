import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { t } from '../../src/core/i18n.js';

// Environment → Teams settings. With MICROSOFT_APP_ID the endpoint checks Bot Framework tokens;
// without it, it accepts anything, so it may only listen on loopback (local trial).

export interface TeamsConfig {
  /** Empty: unauthenticated local mode. */
  appId: string;
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  appType: string;
  /** Why the endpoint must stay off (unauthenticated on a non-loopback HOST, or a missing secret). */
  refusal?: string;
  /** Start the Microsoft 365 Agents Playground after the server listens. */
  playground: boolean;
}

export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

export function readTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig {
  const appId = env.MICROSOFT_APP_ID?.trim() ?? '';
  const password = env.MICROSOFT_APP_PASSWORD?.trim() ?? '';
  const appType = env.MICROSOFT_APP_TYPE?.trim() || 'MultiTenant';
  const tenantId = env.MICROSOFT_APP_TENANT_ID?.trim() ?? '';
  const host = env.HOST || '127.0.0.1';
  let refusal: string | undefined;
  if (!appId && !isLoopback(host)) {
    refusal = t('nl', 'server.teams.refusal.no_app_id', { host });
  } else if (appId && !password && appType !== 'UserAssignedMSI') {
    refusal = t('nl', 'server.teams.refusal.no_password');
  } else if (appId && appType === 'SingleTenant' && !tenantId) {
    refusal = t('nl', 'server.teams.refusal.no_tenant');
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
