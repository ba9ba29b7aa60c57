// The `whatsapp-outbound` worker: sends each queued message through the WhatsApp port (Graph API on
// AWS, the outbox locally) and answers partial batch failures, so only the messages worth another
// try are delivered again (and dead-lettered after the queue's last receive).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queues } from '../../shared/system/queues.ts';
import { OUTBOUND_QUEUE, type OutboundMessage, deliverOutbound, outboundMessageSchema } from '../../shared/whatsapp/outbound.service.ts';
import type { Deps } from '../lib/deps.ts';
import { jobHandler } from '../lib/job.ts';

const { maxReceiveCount } = queues.find((q) => q.name === OUTBOUND_QUEUE) ?? { maxReceiveCount: 1 };

function parse(record: SQSRecord): OutboundMessage | null {
  try {
    return outboundMessageSchema.parse(JSON.parse(record.body));
  } catch {
    return null;
  }
}

async function failed(record: SQSRecord, deps: Deps): Promise<boolean> {
  const message = parse(record);
  // A body no retry can fix: dropped, not dead-lettered after five useless receives.
  if (!message) {
    deps.logger.error('Unreadable whatsapp-outbound message dropped', { messageId: record.messageId });
    return false;
  }
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  const outcome = await deliverOutbound(deps, message, { receiveCount, maxReceiveCount }).catch((err: unknown) => {
    deps.logger.warn('whatsapp-outbound message failed', { messageId: record.messageId, error: err as Error });
    return 'retry' as const;
  });
  // `in_progress`: another delivery is sending it right now; look again after the visibility timeout.
  return outcome === 'retry' || outcome === 'in_progress';
}

export const handler = jobHandler('whatsapp-outbound', async (event: SQSEvent, deps): Promise<SQSBatchResponse> => {
  const results = await Promise.all(event.Records.map(async (record) => ((await failed(record, deps)) ? [record.messageId] : [])));
  return { batchItemFailures: results.flat().map((itemIdentifier) => ({ itemIdentifier })) };
});
