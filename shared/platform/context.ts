import type { Db } from './db.ts';
import type { BlobStore, Clock, EventPublisher, Ids } from './ports.ts';

export type ServiceLogger = { warn(message: string, extra: Record<string, unknown>): void; error(message: string, extra: Record<string, unknown>): void };

/** What services get from their runtime: the ports, never API Gateway or SDK event types. */
export type ServiceContext = { db: Db; clock: Clock; ids: Ids; events: EventPublisher; blobs: BlobStore; logger: ServiceLogger };
