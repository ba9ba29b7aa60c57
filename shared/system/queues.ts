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

// The WhatsApp channel adds `whatsapp-inbound` and `whatsapp-outbound` here.
export const queues: QueueDecl[] = [];
