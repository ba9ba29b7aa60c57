// The `whatsapp-inbound` worker: each message once by its wamid, through the conversation, answered
// through `whatsapp-outbound`; status callbacks update delivery states. Partial batch failures: only
// the records that failed are delivered again (and dead-lettered after the last receive).
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleInboundBatch } from '../../shared/whatsapp/conversation.service.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('whatsapp-inbound', async (event: SQSEvent, deps): Promise<SQSBatchResponse> => {
  const failed = await handleInboundBatch(deps, event.Records.map((r) => ({ id: r.messageId, body: r.body })));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
});
