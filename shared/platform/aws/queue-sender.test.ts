import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqsSender } from './queue-sender.ts';

const client = new SQSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const sqs = mockClient(client);

const OUTBOUND = 'https://sqs.eu-west-1.amazonaws.com/123456789012/whatsapp-outbound.fifo';
const INBOUND = 'https://sqs.eu-west-1.amazonaws.com/123456789012/whatsapp-inbound';
const sender = createSqsSender({ client, queueUrls: { 'whatsapp-outbound': OUTBOUND, 'whatsapp-inbound': INBOUND } });

const inputs = () => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => sqs.restore());

describe('createSqsSender', () => {
  it('sends the body as JSON to the named queue', async () => {
    await sender.send('whatsapp-inbound', { messageId: 'wamid.1', from: '+491701234567', text: 'Hallo' });

    expect(inputs()).toEqual([
      { QueueUrl: INBOUND, MessageBody: '{"messageId":"wamid.1","from":"+491701234567","text":"Hallo"}' },
    ]);
    expect(Object.keys(inputs()[0]!)).toEqual(['QueueUrl', 'MessageBody']);
  });

  it('passes the group and deduplication ids when given', async () => {
    await sender.send('whatsapp-outbound', { to: '+491701234567' }, { groupId: 't1#+491701234567', dedupId: 'evt-9' });
    await sender.send('whatsapp-outbound', { to: '+491701234567' }, { groupId: 't1#+491701234567' });

    expect(inputs()).toEqual([
      {
        QueueUrl: OUTBOUND,
        MessageBody: '{"to":"+491701234567"}',
        MessageGroupId: 't1#+491701234567',
        MessageDeduplicationId: 'evt-9',
      },
      { QueueUrl: OUTBOUND, MessageBody: '{"to":"+491701234567"}', MessageGroupId: 't1#+491701234567' },
    ]);
    expect('MessageDeduplicationId' in inputs()[1]!).toBe(false);
  });

  it('throws, naming the queue, for a queue it has no URL for', async () => {
    await expect(sender.send('whatsapp-outbox', {})).rejects.toThrow('Unknown queue "whatsapp-outbox"');
    await expect(sender.send('toString', {})).rejects.toThrow('Unknown queue "toString"');
    expect(inputs()).toEqual([]);
  });

  it('lets SQS errors through, so the caller sees them', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied' }));
    await expect(sender.send('whatsapp-inbound', {})).rejects.toThrow('Access denied');
  });
});
