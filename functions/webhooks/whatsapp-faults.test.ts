// Fault injection: the webhook on the AWS queue port (functions/lib/ports/queue.ts → SQS), with
// SendMessage failing through aws-sdk-client-mock. The webhook answers 500, so Meta sends the
// payload again; once SQS takes it, the message is handled — nothing is lost.
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueSender } from '../../shared/platform/ports.ts';
import { signBody } from '../../shared/whatsapp/signature.ts';
import { messagePayload } from '../../shared/whatsapp/webhook.ts';
import { type Api, idle, startApi } from '../http/api-testing.ts';
import { makeQueueSender } from '../lib/ports/queue.ts';

const INBOUND_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/whatsapp-inbound';
const sqs = mockClient(SQSClient);

let api: Api;
let local: QueueSender;
beforeAll(async () => {
  api = await startApi();
  local = api.rt.deps.queue;
});
afterAll(async () => {
  sqs.restore();
  api.rt.deps.queue = local;
  await api.rt.stop();
});

const outboxSize = async () => (((await (await fetch(`${api.rt.url}/dev/whatsapp/outbox`)).json()) as { items: unknown[] }).items).length;

async function post(raw: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${api.rt.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, 'dev-app-secret') }, body: raw });
  return { status: res.status, body: await res.text() };
}

describe('SQS send failure', () => {
  it('answers 500 (no details) while SQS refuses, then handles Meta’s retry once SQS takes it', async () => {
    const raw = JSON.stringify(messagePayload({ phoneNumberId: '100000001', from: '+15550001001', id: 'wamid.fault.1', at: api.rt.clock.now(), text: 'menu' }));
    const before = await outboxSize();

    // The webhook function as deployed: its queue port is SQS.
    api.rt.deps.queue = makeQueueSender('eu-west-1', { 'whatsapp-inbound': INBOUND_URL });
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const failed = await post(raw);
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toEqual({ error: { code: 'internal', message: expect.stringMatching(/^Internal error \(correlation id .+\)$/) } });
    const calls = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.QueueUrl).toBe(INBOUND_URL);
    expect(JSON.parse(calls[0]!.MessageBody!)).toMatchObject({ kind: 'message', wamid: 'wamid.fault.1', from: '+15550001001', content: { type: 'text', text: 'menu' } });

    // SQS takes it now: 200.
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    expect((await post(raw)).status).toBe(200);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);

    // Meta's retry reaching the local queue is handled: the message was not lost.
    api.rt.deps.queue = local;
    expect((await post(raw)).status).toBe(200);
    await idle(api.rt);
    expect(await outboxSize()).toBe(before + 1);
  });

  it('a payload of two messages whose second send fails answers 500 as a whole', async () => {
    api.rt.deps.queue = makeQueueSender('eu-west-1', { 'whatsapp-inbound': INBOUND_URL });
    sqs.reset();
    sqs.on(SendMessageCommand).resolvesOnce({ MessageId: 'm-2' }).rejects(new Error('Service unavailable'));
    const payload = messagePayload({ phoneNumberId: '100000001', from: '+15550001001', id: 'wamid.fault.2', at: api.rt.clock.now(), text: 'hi' }) as { entry: { changes: { value: { messages: unknown[] } }[] }[] };
    const messages = payload.entry[0]!.changes[0]!.value.messages;
    messages.push({ ...(messages[0] as object), id: 'wamid.fault.3' });
    expect((await post(JSON.stringify(payload))).status).toBe(500);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);
    api.rt.deps.queue = local;
  });
});
