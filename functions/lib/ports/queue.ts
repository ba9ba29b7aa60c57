import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsSender } from '../../../shared/platform/aws/queue-sender.ts';
import type { QueueSender } from '../../../shared/platform/ports.ts';

export const makeQueueSender = (region: string, queueUrls: Record<string, string>): QueueSender => createSqsSender({ client: new SQSClient({ region }), queueUrls });
