// Side effects the product needs, as small ports. Each has an AWS and a local implementation;
// services and handlers see only these types.
import type { BusEvent } from '../system/events.ts';

export type Clock = {
  /** Product time. Locally it can be moved forward with POST /dev/clock. */
  now(): Date;
};

export type Ids = {
  /** A new unique, time-sortable id (ULID). */
  next(): string;
};

export type PublishResult = {
  /** eventIds accepted by the bus. */
  published: string[];
  /** eventIds the bus refused after retries; they stay owed (outbox) and are republished later. */
  failed: string[];
};

export type EventPublisher = {
  publish(events: BusEvent[]): Promise<PublishResult>;
};

export type QueueSender = {
  send(queue: string, body: unknown, options?: { groupId?: string; dedupId?: string }): Promise<void>;
};

export type BlobStore = {
  /** A URL the browser may PUT the file to, valid for `expiresInSeconds`. */
  presignUpload(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<string>;
  /** A URL the browser may GET the file from. */
  presignDownload(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
  /** Size in bytes when the object exists, else null. */
  head(key: string): Promise<{ size: number; contentType?: string } | null>;
};

/** The exact Graph API request body of POST /{phone-number-id}/messages. */
export type WhatsAppMessage = Record<string, unknown> & { messaging_product: 'whatsapp'; to: string };

export type WhatsAppSendResult = { messageId: string };

export type WhatsAppSender = {
  send(phoneNumberId: string, message: WhatsAppMessage): Promise<WhatsAppSendResult>;
};

/** Named secrets (`grants.secrets`): Secrets Manager on AWS, the environment locally. */
export type SecretReader = {
  /** The secret's value; throws when it is not configured. */
  get(name: string): Promise<string>;
};
