/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// The whatsapp-outbound worker with the REAL Graph API sender pointed at a stub Graph server on a
// loopback port, run by the local runtime's queue (partial batch failures, redelivery, dead
// letters): a 5xx is retried until the queue's maxReceiveCount, then dead-lettered with the entry
// marked failed; a refusal fails the entry at once; a success records the wamid for callbacks.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphWhatsAppSender } from '../../shared/platform/aws/whatsapp-sender.ts';
import { queues } from '../../shared/system/queues.ts';
import { applyDeliveryStatus } from '../../shared/whatsapp/delivery.service.ts';
import { type OutboundMessage, OUTBOUND_QUEUE } from '../../shared/whatsapp/outbound.service.ts';
import { textMessage } from '../../shared/whatsapp/reply-rules.ts';
import { type Api, type Client, idle, startApi, users } from '../http/api-testing.ts';
import { CAROL_PHONE, carolChatTicket, carolWrites, findCarolContactId } from '../http/whatsapp-testing.ts';
import { depsFromEnv } from '../lib/env.ts';
import { handler } from './whatsapp-outbound.ts';

const decl = queues.find((q) => q.name === OUTBOUND_QUEUE)!;

type Seen = { method: string; url: string; authorization?: string; body: any };
type Answer = { status: number; body: unknown };

let graph: Server;
let baseUrl: string;
const seen: Seen[] = [];
/** What the stub Graph server answers for a request body. */
let answer: (body: any) => Answer;

let api: Api;
let alice: Client;
let carolContactId: string;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((ok) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
  });

beforeAll(async () => {
  graph = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as any;
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
    const { status, body: out } = answer(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
  });
  await new Promise<void>((ok) => graph.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;

  api = await startApi();
  // The runtime's handlers send through the AWS sender, at the stub.
  api.rt.deps.whatsapp = createGraphWhatsAppSender({ accessToken: 'stub-token', baseUrl, timeoutMs: 2000 });
  alice = await api.as(users.alice);
  carolContactId = await findCarolContactId(alice);
});
afterAll(async () => {
  await api?.rt.stop();
  await new Promise((ok) => graph?.close(ok));
});
beforeEach(() => {
  seen.length = 0;
});

const ok = (id: string): Answer => ({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: CAROL_PHONE, wa_id: '15550001001' }], messages: [{ id }] } });
const graphError = (status: number, code: number, message: string): Answer => ({ status, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'trace' } } });

/** An agent reply on a fresh chat ticket of carol's, who wrote just now. */
async function replyOnChatTicket(body: string) {
  await carolWrites(api.rt);
  const number = await carolChatTicket(api.rt, carolContactId, { subject: 'Chat', description: 'd' });
  const res = await alice.post(`/api/tenants/acme/tickets/${number}/entries`, { kind: 'reply', body });
  expect(res.status).toBe(201);
  await idle(api.rt);
  const detail = await alice.get(`/api/tenants/acme/tickets/${number}`);
  return { number, entry: detail.body.thread.find((e: { id: string }) => e.id === res.body.id) };
}

describe('whatsapp-outbound against a stub Graph API', () => {
  it('a 500 is retried until the last receive, then dead-lettered, and the entry shows failed', async () => {
    answer = () => graphError(500, 2, 'Service temporarily unavailable');
    const deadBefore = api.rt.queues.deadLetters(OUTBOUND_QUEUE).length;
    const { number, entry } = await replyOnChatTicket('Your part has shipped.');

    expect(seen).toHaveLength(decl.maxReceiveCount);
    for (const request of seen) {
      expect(request).toMatchObject({ method: 'POST', url: '/v21.0/100000001/messages', authorization: 'Bearer stub-token' });
      expect(request.body).toEqual(textMessage(CAROL_PHONE, `${number}: Your part has shipped.`));
    }
    const dead = api.rt.queues.deadLetters(OUTBOUND_QUEUE).slice(deadBefore);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ receiveCount: decl.maxReceiveCount, body: { tenantId: 'acme', entry: { number, entryId: entry.id } } });
    expect(entry.delivery).toEqual({ channel: 'whatsapp', status: 'failed', reason: expect.stringMatching(/after 5 attempts: Graph API 500 \(code 2\): Service temporarily unavailable/) });
  });

  it('a refusal (400, not retryable) fails the entry at once: one request, nothing dead-lettered', async () => {
    answer = () => graphError(400, 131026, 'Message undeliverable');
    const deadBefore = api.rt.queues.deadLetters(OUTBOUND_QUEUE).length;
    const { entry } = await replyOnChatTicket('Hello?');
    expect(seen).toHaveLength(1);
    expect(api.rt.queues.deadLetters(OUTBOUND_QUEUE)).toHaveLength(deadBefore);
    expect(entry.delivery).toEqual({ channel: 'whatsapp', status: 'failed', reason: 'WhatsApp refused the message: Graph API 400 (code 131026): Message undeliverable' });
  });

  it('a hiccup then success: sent once Graph answers, and the wamid takes status callbacks', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? graphError(503, 1, 'Unknown error') : ok('wamid.stub-ok'));
    const { number, entry } = await replyOnChatTicket('Fixed now.');
    expect(seen).toHaveLength(2);
    expect(entry.delivery).toEqual({ channel: 'whatsapp', status: 'sent' });
    await applyDeliveryStatus(api.rt.deps, { wamid: 'wamid.stub-ok', status: 'delivered', at: api.rt.clock.now().toISOString() });
    const detail = await alice.get(`/api/tenants/acme/tickets/${number}`);
    expect(detail.body.thread.find((e: { id: string }) => e.id === entry.id).delivery).toEqual({ channel: 'whatsapp', status: 'delivered' });
  });
});

describe('the handler answers partial batch failures', () => {
  const record = (messageId: string, body: unknown, receiveCount = 1): SQSRecord =>
    ({ messageId, receiptHandle: messageId, body: typeof body === 'string' ? body : JSON.stringify(body), attributes: { ApproximateReceiveCount: String(receiveCount) }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local' }) as unknown as SQSRecord;
  const message = (id: string, to: string): OutboundMessage => ({ id, tenantId: 'acme', phoneNumberId: '100000001', message: textMessage(to, 'Menu'), queuedAt: new Date().toISOString() });

  it('fails only the record Graph could not take; an unreadable record is dropped, not retried', async () => {
    answer = (body) => (body.to === '15550009999' ? graphError(502, 2, 'Bad gateway') : ok(`wamid.${body.to}`));
    const event: SQSEvent = {
      Records: [record('m-ok', message(`batch-ok-${Date.now()}`, '+15550001001')), record('m-bad', message(`batch-bad-${Date.now()}`, '+15550009999')), record('m-junk', '{not json')],
    };
    const result = await handler(event, {} as Context);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(seen.map((s) => s.body.to).sort()).toEqual(['15550001001', '15550009999']);
  });
});

describe('the AWS wiring (functions/lib/env.ts)', () => {
  it('reads the Graph token through the secrets port once, and the API version and base URL from the environment', async () => {
    const ssm = mockClient(SSMClient);
    try {
      ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'token-from-secrets-manager' } });
      const deps = await depsFromEnv({
        AWS_REGION: 'eu-west-1',
        SECRET_ARNS: JSON.stringify({ 'whatsapp-access-token': 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:service-desk/whatsapp-access-token' }),
        WHATSAPP_API_VERSION: 'v99.0',
        WHATSAPP_BASE_URL: baseUrl,
      });
      answer = (body) => ok(`wamid.aws-${body.text.body}`);
      expect(await deps.whatsapp.send('100000001', textMessage(CAROL_PHONE, 'one'))).toEqual({ messageId: 'wamid.aws-one' });
      expect(await deps.whatsapp.send('100000001', textMessage(CAROL_PHONE, 'two'))).toEqual({ messageId: 'wamid.aws-two' });
      expect(seen.map((r) => [r.url, r.authorization])).toEqual([
        ['/v99.0/100000001/messages', 'Bearer token-from-secrets-manager'],
        ['/v99.0/100000001/messages', 'Bearer token-from-secrets-manager'],
      ]);
      expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([
        { Name: '/aws/reference/secretsmanager/service-desk/whatsapp-access-token', WithDecryption: true },
      ]);
    } finally {
      ssm.restore();
    }
  });
});
