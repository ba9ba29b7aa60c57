// The in-process SQS: each declared queue delivers batches to its handler, honours partial batch
// failures, redelivers failed messages and moves them to a dead-letter list after maxReceiveCount.
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueSender } from '../../shared/platform/ports.ts';
import type { QueueDecl } from '../../shared/system/queues.ts';
import { type Activity, delay } from './activity.ts';

type Message = { id: string; body: string; receiveCount: number; sentAt: number; groupId?: string };

export type LocalQueues = QueueSender & {
  deadLetters(queue: string): { id: string; body: unknown; receiveCount: number }[];
};

function toRecord(queue: string, m: Message): SQSRecord {
  return {
    messageId: m.id,
    receiptHandle: `${m.id}#${m.receiveCount}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      ...(m.groupId ? { MessageGroupId: m.groupId } : {}),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(m.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
    awsRegion: 'local',
  };
}

export function createLocalQueues(options: {
  queues: readonly QueueDecl[];
  invoke: (module: string, event: unknown) => Promise<unknown>;
  activity: Activity;
  logger: Logger;
  /** Visibility timeout stand-in: wait before redelivering a failed message. */
  redeliveryDelayMs?: number;
}): LocalQueues {
  const decls = new Map(options.queues.map((q) => [q.name, q]));
  const dead = new Map<string, Message[]>();
  const pending = new Map<string, Message[]>();
  const redeliveryDelay = options.redeliveryDelayMs ?? 200;

  async function drain(queue: QueueDecl): Promise<void> {
    const waiting = pending.get(queue.name) ?? [];
    while (waiting.length) {
      const batch = waiting.splice(0, queue.batchSize);
      batch.forEach((m) => m.receiveCount++);
      const event: SQSEvent = { Records: batch.map((m) => toRecord(queue.name, m)) };
      let failedIds: Set<string>;
      try {
        const result = (await options.invoke(queue.handler, event)) as SQSBatchResponse | undefined;
        failedIds = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (err) {
        options.logger.warn('Queue batch failed', { queue: queue.name, error: err as Error });
        failedIds = new Set(batch.map((m) => m.id));
      }
      for (const m of batch.filter((b) => failedIds.has(b.id))) {
        if (m.receiveCount >= queue.maxReceiveCount) {
          dead.set(queue.name, [...(dead.get(queue.name) ?? []), m]);
          options.logger.error('Message dead-lettered', { queue: queue.name, messageId: m.id });
        } else {
          void options.activity.track(async () => {
            await delay(redeliveryDelay);
            enqueue(queue, m);
          });
        }
      }
    }
  }

  function enqueue(queue: QueueDecl, message: Message): void {
    const waiting = pending.get(queue.name) ?? [];
    pending.set(queue.name, waiting);
    waiting.push(message);
    if (waiting.length === 1) {
      // Messages sent in the same tick travel in one batch, as an SQS poll would take them.
      void options.activity.track(async () => {
        await delay(0);
        await drain(queue);
      });
    }
  }

  return {
    async send(queueName, body, opts) {
      const queue = decls.get(queueName);
      if (!queue) throw new Error(`No queue named ${queueName} is declared`);
      enqueue(queue, { id: randomUUID(), body: JSON.stringify(body), receiveCount: 0, sentAt: Date.now(), ...(opts?.groupId ? { groupId: opts.groupId } : {}) });
    },
    deadLetters(queueName) {
      return (dead.get(queueName) ?? []).map((m) => ({ id: m.id, body: JSON.parse(m.body) as unknown, receiveCount: m.receiveCount }));
    },
  };
}
