// QueueSender on SQS: queues are named as in shared/system/queues.ts and resolved to their URLs
// through the map the caller passes (read from the environment in functions/lib/env.ts).
import { type SendMessageCommandInput, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSender } from '../ports.ts';

export type SqsSenderConfig = {
  client: SQSClient;
  /** Queue name → queue URL. */
  queueUrls: Record<string, string>;
};

export function createSqsSender({ client, queueUrls }: SqsSenderConfig): QueueSender {
  return {
    async send(queue, body, options) {
      const queueUrl = Object.hasOwn(queueUrls, queue) ? queueUrls[queue] : undefined;
      if (!queueUrl) {
        const known = Object.keys(queueUrls).join(', ') || 'none';
        throw new Error(`Unknown queue "${queue}" (known: ${known})`);
      }
      const messageBody = JSON.stringify(body);
      if (messageBody === undefined) throw new Error(`Message for queue "${queue}" has no JSON form`);
      const input: SendMessageCommandInput = { QueueUrl: queueUrl, MessageBody: messageBody };
      if (options?.groupId !== undefined) input.MessageGroupId = options.groupId;
      if (options?.dedupId !== undefined) input.MessageDeduplicationId = options.dedupId;
      await client.send(new SendMessageCommand(input));
    },
  };
}
