// The inbound half of the WhatsApp channel in the AWS app (synthesized without bundling): Meta's
// webhook routes on their own small function (enqueue + the two secrets, no table), the
// whatsapp-inbound queue with its dead-letter queue and redrive, and its consumer with partial batch
// responses — named one by one, not by looping over the declarations.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from './app-function.ts';
import { createServiceDesk, type ServiceDesk } from './service-desk.ts';
import { productApp, repoRoot } from './system.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Resource = { Type: string; Properties: Record<string, Any> };

let workDir: string;
let sd: ServiceDesk;
let data: Template;
let api: Template;
let queuesStack: Template;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'service-desk-wa-in-'));
  mkdirSync(join(workDir, 'site', 'assets'), { recursive: true });
  writeFileSync(join(workDir, 'site', 'index.html'), '<!doctype html><title>fixture</title>');
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, outdir: join(workDir, 'cdk.out') });
  sd = createServiceDesk(app, { system: productApp, config: { siteDir: join(workDir, 'site') } });
  const assembly = app.synth();
  const template = (artifactId: string | undefined) => {
    if (!artifactId) throw new Error('stack not built');
    return Template.fromJSON(assembly.getStackArtifact(artifactId).template as Record<string, unknown>);
  };
  data = template(sd.data.artifactId);
  api = template(sd.api.artifactId);
  queuesStack = template(sd.queues?.artifactId);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const entries = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];

/** The one resource of `type` whose logical id is the construct id `prefix` plus CDK's hash. */
function byId(t: Template, type: string, prefix: string): [string, Resource] {
  const found = entries(t, type).filter(([id]) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]!;
}

function functionNamed(t: Template, description: string): [string, Resource] {
  const found = entries(t, 'AWS::Lambda::Function').filter(([, r]) => String(r.Properties.Description ?? '').startsWith(description));
  expect(found, `one function described "${description}…"`).toHaveLength(1);
  return found[0]!;
}

function statementsOf(t: Template, fn: Resource): Any[] {
  const roleId = (fn.Properties.Role as Any)['Fn::GetAtt'][0] as string;
  return entries(t, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Any[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as Any).Statement as Any[]);
}

const actionsOf = (statements: Any[]): string[] => statements.flatMap((s) => [s.Action].flat());
const refersToTable = (value: unknown): boolean => /Table[0-9A-F]{8}/.test(JSON.stringify(value));

/** What a cross-stack reference to the data stack (an output it publishes) stands for there. */
function fromData(value: Any): Any {
  const ref = value['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
  const outputs = data.toJSON().Outputs as Record<string, { Value: Any; Export?: { Name: string } }>;
  if (ref) return outputs[ref.OutputName]?.Value;
  const name = value['Fn::ImportValue'];
  return Object.values(outputs).find((o) => name !== undefined && o.Export?.Name === name)?.Value ?? value;
}

function integrationOf(routeKey: string): Resource {
  const routes = entries(api, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === routeKey);
  expect(routes, `route ${routeKey}`).toHaveLength(1);
  const target = (routes[0]![1].Properties.Target as Any)['Fn::Join'][1] as Any[];
  return api.toJSON().Resources[target[1].Ref as string] as Resource;
}

describe('webhook routes', () => {
  it('GET and POST /webhooks/whatsapp go to the webhook function (256 MB), no authorizer', () => {
    const [fnId, fn] = functionNamed(api, 'Service desk http webhook:');
    expect(fn.Properties).toMatchObject({ MemorySize: 256, Timeout: 10 });
    for (const key of ['GET /webhooks/whatsapp', 'POST /webhooks/whatsapp']) {
      expect(integrationOf(key).Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
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
    const statements = statementsOf(api, fn);
    const sendTo = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).flatMap((s) => [s.Resource].flat().map(fromData));
    expect(sendTo).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
    expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
    const text = JSON.stringify(statements);
    expect(text).toContain('secret:service-desk/whatsapp-app-secret-??????');
    expect(text).toContain('secret:service-desk/whatsapp-verify-token-??????');
    expect(statements.filter((s) => refersToTable(s.Resource))).toEqual([]);
    expect(actionsOf(statements).filter((a) => /^(dynamodb|events|s3):/.test(a))).toEqual([]);
  });
});

describe('whatsapp-inbound queue', () => {
  it('has a dead-letter queue, a redrive after 5 receives, a visibility timeout above the consumer’s, and a DLQ alarm', () => {
    const [dlqId, dlq] = byId(data, 'AWS::SQS::Queue', 'whatsappinbounddlq');
    const [, queue] = byId(data, 'AWS::SQS::Queue', 'whatsappinbound');
    expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(30);
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    data.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    });
  });

  it('is consumed by its worker in batches of 10 with ReportBatchItemFailures', () => {
    const [queueId] = byId(data, 'AWS::SQS::Queue', 'whatsappinbound');
    const [fnId, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-inbound:');
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const mappings = entries(queuesStack, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName?.Ref === fnId);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(fromData(mapping.EventSourceArn)).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('the worker writes the table, publishes events, and sends to whatsapp-outbound only', () => {
    const [outboundId] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
    const [, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-inbound:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME', 'QUEUE_URLS']));
    expect(Object.keys(env)).not.toContain('SECRET_ARNS');
    const statements = statementsOf(queuesStack, fn);
    expect(actionsOf(statements.filter((s) => refersToTable(s.Resource))).sort()).toEqual([...TABLE_ACTIONS.readwrite].sort());
    expect(actionsOf(statements)).toContain('events:PutEvents');
    const sendTo = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).flatMap((s) => [s.Resource].flat().map(fromData));
    expect(sendTo).toEqual([{ 'Fn::GetAtt': [outboundId, 'Arn'] }]);
    // It reads its own queue (the event-source mapping's receive/delete), sends nowhere else.
    expect(actionsOf(statements).filter((a) => /^(s3|secretsmanager):/.test(a))).toEqual([]);
  });
});
