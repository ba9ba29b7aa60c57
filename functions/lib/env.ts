// AWS configuration, read once per cold start and validated. Only what a function's grants bound
// is present; a port whose setting is missing fails when used, naming the setting.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { createEventBridgePublisher } from '../../shared/platform/aws/event-publisher.ts';
import { createS3BlobStore } from '../../shared/platform/aws/blob-store.ts';
import { createSqsSender } from '../../shared/platform/aws/queue-sender.ts';
import { routes } from '../../shared/system/routes.ts';
import { createGraphWhatsAppSender } from '../../shared/platform/aws/whatsapp-sender.ts';
import { createIds, systemClock } from '../../shared/platform/clock.ts';
import { createDb } from '../../shared/platform/db.ts';
import { createTokenVerifier } from './auth.ts';
import type { Deps } from './deps.ts';
import { logger } from './logger.ts';

const envSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  QUEUE_URLS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'QUEUE_URLS must be a JSON object of queue name → URL' });
        return z.NEVER;
      }
    }),
  BUCKET_NAME: z.string().min(1).optional(),
  AUTH_ISSUER: z.string().url().optional(),
  AUTH_CLIENT_ID: z.string().min(1).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
});

function missing(name: string): never {
  throw new Error(`${name} is not configured for this function (add the grant in shared/system)`);
}

/** A port whose client is made the first time it is used. */
function lazy<T extends object>(make: () => T): T {
  let value: T | undefined;
  return new Proxy({} as T, { get: (_t, prop) => Reflect.get((value ??= make()), prop) });
}

export function depsFromEnv(env: NodeJS.ProcessEnv): Deps {
  const config = envSchema.parse(env);
  const region = config.AWS_REGION;
  return {
    db: lazy(() => createDb(new DynamoDBClient({ region }), config.TABLE_NAME ?? missing('TABLE_NAME'))),
    clock: systemClock,
    ids: createIds(),
    events: lazy(() =>
      createEventBridgePublisher({ client: new EventBridgeClient({ region }), busName: config.EVENT_BUS_NAME ?? missing('EVENT_BUS_NAME') }),
    ),
    queue: lazy(() => createSqsSender({ client: new SQSClient({ region }), queueUrls: config.QUEUE_URLS })),
    blobs: lazy(() => createS3BlobStore({ client: new S3Client({ region }), bucket: config.BUCKET_NAME ?? missing('BUCKET_NAME') })),
    whatsapp: lazy(() => createGraphWhatsAppSender({ accessToken: config.WHATSAPP_ACCESS_TOKEN ?? missing('WHATSAPP_ACCESS_TOKEN') })),
    verifier: lazy(() => {
      const issuer = config.AUTH_ISSUER ?? missing('AUTH_ISSUER');
      return createTokenVerifier({
        issuer,
        audience: config.AUTH_CLIENT_ID ?? missing('AUTH_CLIENT_ID'),
        jwksUri: `${issuer}/.well-known/jwks.json`,
      });
    }),
    logger,
    routes,
  };
}
