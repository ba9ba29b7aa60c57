// Work queues (SQS on AWS, the in-process queue locally), read by both runtimes.
import type { Grants } from './grants.ts';

export type QueueDecl = {
  name: string;
  /** Handler module, relative to the repository root, without extension; exports `handler`
   * taking an SQS event and answering `{ batchItemFailures }`. */
  handler: string;
  grants: Grants;
  batchSize: number;
  /** Receives before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  memoryMb: number;
  timeoutSeconds: number;
};

export const queues: QueueDecl[] = [
  {
    // Inbound WhatsApp messages and status callbacks, filled by the webhook. Each message once by
    // its wamid; answers go out through whatsapp-outbound; a failure retries that message only.
    name: 'whatsapp-inbound',
    handler: 'functions/queues/whatsapp-inbound',
    grants: { table: 'readwrite', bus: true, queues: ['whatsapp-outbound'] },
    batchSize: 10,
    maxReceiveCount: 5,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    // Messages to customers' phones (Graph API). Partial batch failures: a retryable Graph error
    // retries its message only; a refusal marks the entry failed at once (no retry).
    name: 'whatsapp-outbound',
    handler: 'functions/queues/whatsapp-outbound',
    grants: { table: 'readwrite', secrets: ['whatsapp-access-token'] },
    batchSize: 10,
    maxReceiveCount: 5,
    memoryMb: 256,
    // Ten Graph calls in parallel, each bounded by the sender's 10-second timeout.
    timeoutSeconds: 30,
  },
];
