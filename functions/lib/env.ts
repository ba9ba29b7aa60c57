// AWS configuration, read once per cold start and validated. Only what a function's grants bound
// is present; a port whose setting is missing fails when used, naming the setting.
import * as z from 'zod';
import { createIds, systemClock } from '../../shared/platform/clock.ts';
import { routes } from '../../shared/system/routes.ts';
import { createTokenVerifier } from './auth.ts';
import type { WhatsAppSender } from '../../shared/platform/ports.ts';
import type { Deps } from './deps.ts';
import { logger } from './logger.ts';

/** A variable holding a JSON object of strings (name → value); none is an empty object. */
const jsonRecord = (name: string, meaning: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object of ${meaning}` });
        return z.NEVER;
      }
    });

const envSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  QUEUE_URLS: jsonRecord('QUEUE_URLS', 'queue name → URL'),
  BUCKET_NAME: z.string().min(1).optional(),
  AUTH_ISSUER: z.string().url().optional(),
  AUTH_CLIENT_ID: z.string().min(1).optional(),
  /** Graph API version and base URL (a stub's, in tests); the sender's defaults otherwise. */
  WHATSAPP_API_VERSION: z.string().min(1).optional(),
  WHATSAPP_BASE_URL: z.string().url().optional(),
  SECRET_ARNS: jsonRecord('SECRET_ARNS', 'secret name → ARN'),
});

function missing(name: string): never {
  throw new Error(`${name} is not configured for this function (add the grant in shared/system)`);
}

/** A port whose client is made the first time it is used. */
function lazy<T extends object>(make: () => T): T {
  let value: T | undefined;
  // `then` is asked for when the proxy passes through a promise: it is not a thenable.
  return new Proxy({} as T, { get: (_t, prop) => (prop === 'then' ? undefined : Reflect.get((value ??= make()), prop)) });
}

/** Set at bundle time from the function's grants (shared/system/grants.ts `grantDefines`). */
type BundleFlags = { __SD_TABLE__?: boolean; __SD_BUS__?: boolean; __SD_QUEUES__?: boolean; __SD_BUCKET__?: boolean; __SD_SECRETS__?: boolean };

/** A port this function was not granted: using it is a declaration error, named as such. */
function ungranted<T extends object>(grant: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) => (prop === 'then' ? undefined : missing(`The ${grant} grant`)),
  });
}

/**
 * The Graph API sender, made when the first message goes out: the access token is read then
 * (Secrets Manager through the secrets port), once per warm function; a failed read is tried again.
 */
function tokenSender(token: () => Promise<string>, make: (accessToken: string) => WhatsAppSender): WhatsAppSender {
  let sender: Promise<WhatsAppSender> | undefined;
  return {
    async send(phoneNumberId, message) {
      const current = (sender ??= token().then(make));
      current.catch(() => {
        if (sender === current) sender = undefined;
      });
      return (await current).send(phoneNumberId, message);
    },
  };
}

export async function depsFromEnv(env: NodeJS.ProcessEnv): Promise<Deps> {
  const config = envSchema.parse(env);
  const region = config.AWS_REGION;
  // Each condition is written out in full so esbuild folds it and leaves the ports (and SDK
  // clients) a function was not granted out of its bundle; the imports are dynamic for that reason.
  const deps: Deps = {
    db:
      (globalThis as BundleFlags).__SD_TABLE__ !== false
        ? await import('./ports/table.ts').then(({ makeDb }) => lazy(() => makeDb(region, config.TABLE_NAME ?? missing('TABLE_NAME'))))
        : ungranted('table'),
    clock: systemClock,
    ids: createIds(),
    events:
      (globalThis as BundleFlags).__SD_BUS__ !== false
        ? await import('./ports/bus.ts').then(({ makePublisher }) => lazy(() => makePublisher(region, config.EVENT_BUS_NAME ?? missing('EVENT_BUS_NAME'))))
        : ungranted('bus'),
    queue:
      (globalThis as BundleFlags).__SD_QUEUES__ !== false
        ? await import('./ports/queue.ts').then(({ makeQueueSender }) => lazy(() => makeQueueSender(region, config.QUEUE_URLS)))
        : ungranted('queues'),
    blobs:
      (globalThis as BundleFlags).__SD_BUCKET__ !== false
        ? await import('./ports/bucket.ts').then(({ makeBlobStore }) => lazy(() => makeBlobStore(region, config.BUCKET_NAME ?? missing('BUCKET_NAME'))))
        : ungranted('bucket'),
    whatsapp:
      (globalThis as BundleFlags).__SD_SECRETS__ !== false
        ? await import('../../shared/platform/aws/whatsapp-sender.ts').then(({ createGraphWhatsAppSender }) =>
            tokenSender(
              () => deps.secrets.get('whatsapp-access-token'),
              (accessToken) => createGraphWhatsAppSender({ accessToken, apiVersion: config.WHATSAPP_API_VERSION, baseUrl: config.WHATSAPP_BASE_URL }),
            ),
          )
        : ungranted('secrets'),
    secrets:
      (globalThis as BundleFlags).__SD_SECRETS__ !== false
        ? await import('./ports/secrets.ts').then(({ makeSecretReader }) => lazy(() => makeSecretReader(region, config.SECRET_ARNS)))
        : ungranted('secrets'),
    verifier: lazy(() => {
      const issuer = config.AUTH_ISSUER ?? missing('AUTH_ISSUER');
      return createTokenVerifier({
        issuer,
        audience: config.AUTH_CLIENT_ID ?? missing('AUTH_CLIENT_ID'),
        jwksUri: `${issuer}/.well-known/jwks.json`,
      });
    }),
    logger,
    // Local-only routes do not exist on AWS: the not-found handler must not offer them.
    routes: routes.filter((r) => !r.localOnly),
  };
  return deps;
}
