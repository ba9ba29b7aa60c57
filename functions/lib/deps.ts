// What handlers get from their runtime: configuration and the ports. On AWS they are built from the
// environment at cold start (env.ts); the local runtime installs its own before loading handlers.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Db } from '../../shared/platform/db.ts';
import type { BlobStore, Clock, EventPublisher, Ids, QueueSender, SecretReader, WhatsAppSender } from '../../shared/platform/ports.ts';
import type { RouteDecl } from '../../shared/system/routes.ts';
import type { TokenVerifier } from './auth.ts';

export type Deps = {
  db: Db;
  clock: Clock;
  ids: Ids;
  events: EventPublisher;
  queue: QueueSender;
  blobs: BlobStore;
  whatsapp: WhatsAppSender;
  secrets: SecretReader;
  verifier: TokenVerifier;
  logger: Logger;
  /** The declared routes, whose access rules the HTTP stack enforces. */
  routes: readonly RouteDecl[];
};

let installed: Deps | undefined;
let building: Promise<Deps> | undefined;

/** The local runtime (and tests) install their deps once per process. */
export function installDeps(deps: Deps): void {
  installed = deps;
  building = undefined;
}

export async function getDeps(): Promise<Deps> {
  if (installed) return installed;
  building ??= import('./env.ts').then(({ depsFromEnv }) => depsFromEnv(process.env)).then((d) => (installed = d));
  return building;
}
