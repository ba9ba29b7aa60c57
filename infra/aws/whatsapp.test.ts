// The WhatsApp channel in the AWS app (one synth, without bundling), named one by one, not by
// looping over the declarations. Inbound: Meta's webhook routes on their own small function
// (enqueue + the two secrets, no table), the whatsapp-inbound queue with its dead-letter queue and
// redrive, and its consumer with partial batch responses. Outbound: the whatsapp-outbound queue
// likewise, its consumer with the Graph token secret, and the send-whatsapp-reply rule on
// ticket.replied that may send to that queue.
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from './app-function.ts';
import { actionsOf, byId, entries, expectDlqAlarm, expectRuleToFunction, fromData, functionNamed, integrationTarget, refersToTable, statementsOfFunction, synthApp, type Any, type Synth } from './synth-testing.ts';
import { productApp } from './system.ts';

let app: Synth;
let data: Template;
let api: Template;
let queuesStack: Template;
let eventsStack: Template;

beforeAll(() => {
  app = synthApp(productApp);
  data = app.template(app.sd.data);
  api = app.template(app.sd.api);
  queuesStack = app.template(app.sd.queues);
  eventsStack = app.template(app.sd.events);
});

afterAll(() => app?.dispose());

/** What the statements' sqs:SendMessage may send to, as the data stack declares it. */
const sendTargets = (statements: Any[]): Any[] =>
  statements.filter((s) => actionsOf(s).includes('sqs:SendMessage')).flatMap((s) => [s.Resource].flat().map((r) => fromData(app, r)));

describe('webhook routes', () => {
  it('GET and POST /webhooks/whatsapp go to the webhook function (256 MB), no authorizer', () => {
    const [fnId, fn] = functionNamed(api, 'Service desk http webhook:');
    expect(fn.Properties).toMatchObject({ MemorySize: 256, Timeout: 10 });
    for (const key of ['GET /webhooks/whatsapp', 'POST /webhooks/whatsapp']) {
      const [, integration] = integrationTarget(api, key);
      expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
      const [, route] = entries(api, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === key)!;
      expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });

  it('the webhook may send to whatsapp-inbound and read its two secrets — no table, bus or bucket', () => {
    const [queueId] = byId(data, 'AWS::SQS::Queue', 'whatsappinbound');
    const [, fn] = functionNamed(api, 'Service desk http webhook:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['QUEUE_URLS', 'SECRET_ARNS']));
    for (const absent of ['TABLE_NAME', 'EVENT_BUS_NAME', 'BUCKET_NAME']) expect(Object.keys(env)).not.toContain(absent);
    expect(JSON.stringify(env.QUEUE_URLS)).toContain('whatsapp-inbound');
    expect(JSON.stringify(env.QUEUE_URLS)).not.toContain('whatsapp-outbound');
    const statements = statementsOfFunction(api, fn);
    expect(sendTargets(statements)).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
    expect(statements.flatMap(actionsOf)).toContain('secretsmanager:GetSecretValue');
    const text = JSON.stringify(statements);
    expect(text).toContain('secret:service-desk/whatsapp-app-secret-??????');
    expect(text).toContain('secret:service-desk/whatsapp-verify-token-??????');
    expect(statements.filter((s) => refersToTable(s.Resource))).toEqual([]);
    expect(statements.flatMap(actionsOf).filter((a) => /^(dynamodb|events|s3):/.test(a))).toEqual([]);
  });
});

describe.each([
  { queue: 'whatsapp-inbound', id: 'whatsappinbound' },
  { queue: 'whatsapp-outbound', id: 'whatsappoutbound' },
])('$queue queue', ({ queue, id }) => {
  it('has a dead-letter queue, a redrive after 5 receives, a visibility timeout above the consumer’s, and a DLQ alarm', () => {
    const [dlqId, dlq] = byId(data, 'AWS::SQS::Queue', `${id}dlq`);
    const [, work] = byId(data, 'AWS::SQS::Queue', id);
    expect(work.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 });
    expect(work.Properties.VisibilityTimeout).toBeGreaterThan(30);
    expect(work.Properties.SqsManagedSseEnabled).toBe(true);
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expectDlqAlarm(data, dlqId);
  });

  it('is consumed by its worker in batches of 10 with ReportBatchItemFailures', () => {
    const [queueId] = byId(data, 'AWS::SQS::Queue', id);
    const [fnId, fn] = functionNamed(queuesStack, `Service desk queue ${queue}:`);
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const mappings = entries(queuesStack, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName?.Ref === fnId);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(fromData(app, mapping.EventSourceArn)).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });
});

describe('queue workers', () => {
  it('the whatsapp-inbound worker writes the table, publishes events, and sends to whatsapp-outbound only', () => {
    const [outboundId] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
    const [, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-inbound:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME', 'QUEUE_URLS']));
    expect(Object.keys(env)).not.toContain('SECRET_ARNS');
    const statements = statementsOfFunction(queuesStack, fn);
    expect(statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort()).toEqual([...TABLE_ACTIONS.readwrite].sort());
    expect(statements.flatMap(actionsOf)).toContain('events:PutEvents');
    expect(sendTargets(statements)).toEqual([{ 'Fn::GetAtt': [outboundId, 'Arn'] }]);
    // It reads its own queue (the event-source mapping's receive/delete), sends nowhere else.
    expect(statements.flatMap(actionsOf).filter((a) => /^(s3|secretsmanager):/.test(a))).toEqual([]);
  });

  it("the whatsapp-outbound worker reads the Graph token secret and the table, and holds each grant's setting", () => {
    const [, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-outbound:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'SECRET_ARNS']));
    expect(JSON.stringify(env.SECRET_ARNS)).toContain('whatsapp-access-token');
    expect(Object.keys(env)).not.toContain('EVENT_BUS_NAME');
    const statements = statementsOfFunction(queuesStack, fn);
    expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining([...TABLE_ACTIONS.readwrite, 'secretsmanager:GetSecretValue']));
    expect(JSON.stringify(statements)).toContain('secret:service-desk/whatsapp-access-token-??????');
    expect(statements.flatMap(actionsOf).filter((a) => /^(events|s3):/.test(a))).toEqual([]);
  });
});

describe('send-whatsapp-reply rule', () => {
  it('sends ticket.replied to its function, with retries and a dead-letter queue', () => {
    const [fnId, fn] = functionNamed(eventsStack, 'Service desk event send-whatsapp-reply:');
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const [dlqId] = byId(eventsStack, 'AWS::SQS::Queue', 'eventsendwhatsappreplydlq');
    expectRuleToFunction(eventsStack, { events: ['ticket.replied'], fnId, dlqId, retries: 2 });
  });

  it('may send to whatsapp-outbound (QUEUE_URLS and sqs:SendMessage on it) and write the table, nothing more', () => {
    const [queueId] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
    const [, fn] = functionNamed(eventsStack, 'Service desk event send-whatsapp-reply:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'QUEUE_URLS']));
    expect(Object.keys(env)).not.toContain('SECRET_ARNS');
    expect(JSON.stringify(env.QUEUE_URLS)).toContain('whatsapp-outbound');
    const statements = statementsOfFunction(eventsStack, fn);
    // (The same statement may also name the rule's own dead-letter queue, the failure destination.)
    expect(sendTargets(statements)).toContainEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining(TABLE_ACTIONS.readwrite));
    expect(statements.flatMap(actionsOf).filter((a) => /^(events|s3|secretsmanager):/.test(a))).toEqual([]);
  });
});
