// The whatsapp-inbound handler called as Lambda calls it (an SQS event), on the seeded local
// runtime: the same event twice has one effect, and a record that fails is the only one reported.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from '../../infra/local/runtime.ts';
import { createIdempotencyRepo } from '../../shared/platform/idempotency.ts';
import type { InboundItem } from '../../shared/whatsapp/webhook.ts';
import { handler } from './whatsapp-inbound.ts';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:' });
});
afterAll(async () => rt.stop());

const context = {} as Context;
const record = (id: string, item: InboundItem | string): SQSRecord =>
  ({ messageId: id, receiptHandle: id, body: typeof item === 'string' ? item : JSON.stringify(item), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:local:0:whatsapp-inbound', awsRegion: 'local' }) as SQSRecord;
const text = (wamid: string, from: string, t: string): InboundItem => ({ kind: 'message', wamid, phoneNumberId: '100000001', from, sentAt: rt.clock.now().toISOString(), content: { type: 'text', text: t } });
const replies = async () => {
  await rt.activity.idle();
  return rt.whatsapp.items();
};

describe('whatsapp-inbound handler', () => {
  it('the same event twice: one answer per message', async () => {
    const event: SQSEvent = { Records: [record('r1', text('wamid.h1', '+15550001001', 'hi')), record('r2', text('wamid.h2', '+15550001002', 'hi'))] };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    const out = await replies();
    expect(out.map((i) => i.to.replace('+', '')).sort()).toEqual(['15550001001', '15550001002']);
  });

  it('reports only the record that failed; its redelivery is then handled', async () => {
    const before = (await replies()).length;
    const send = rt.queues.send.bind(rt.queues);
    rt.queues.send = async (queue, body, options) => {
      if (JSON.stringify(body).includes('15550001003')) throw new Error('SQS throttled');
      return send(queue, body, options);
    };
    const failing = record('r4', text('wamid.h4', '+15550001003', 'hi'));
    const event: SQSEvent = { Records: [record('r3', text('wamid.h3', '+15550001001', 'menu')), failing, record('r5', 'not json')] };
    try {
      expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'r4' }] });
    } finally {
      rt.queues.send = send;
    }
    expect((await replies()).length).toBe(before + 1);
    expect(await handler({ Records: [failing] }, context)).toEqual({ batchItemFailures: [] });
    const out = await replies();
    expect(out.length).toBe(before + 2);
    expect(out.at(-1)!.to.replace('+', '')).toBe('15550001003');
  });

  it('a message another delivery is handling right now is reported for a later retry, not handled twice', async () => {
    const before = (await replies()).length;
    const busy = record('r6', text('wamid.h6', '+15550001002', 'menu'));
    // Another function holds the message's lease (it is mid-work).
    const leases = createIdempotencyRepo(rt.db);
    expect(await leases.begin('whatsapp-message', 'wamid.h6', rt.clock.now(), 45)).toBe('go');
    expect(await handler({ Records: [busy, record('r7', text('wamid.h7', '+15550001001', 'menu'))] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'r6' }] });
    expect((await replies()).length).toBe(before + 1);
    // That function failed and let go: the retry handles it.
    await leases.release('whatsapp-message', 'wamid.h6');
    expect(await handler({ Records: [busy] }, context)).toEqual({ batchItemFailures: [] });
    expect((await replies()).length).toBe(before + 2);
  });
});
