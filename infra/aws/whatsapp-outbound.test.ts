// The outbound half of the WhatsApp channel in the AWS app (synthesized without bundling): the
// whatsapp-outbound queue with its dead-letter queue and redrive, its consumer with partial batch
// responses and the Graph token secret, and the send-whatsapp-reply rule on ticket.replied that
// may send to that queue — named one by one, not by looping over the declarations.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
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
let queuesStack: Template;
let eventsStack: Template;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'service-desk-wa-out-'));
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
  queuesStack = template(sd.queues?.artifactId);
  eventsStack = template(sd.events?.artifactId);
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

/** What a cross-stack reference to the data stack (an output it publishes) stands for there. */
function fromData(value: Any): Any {
  const ref = value['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
  const outputs = data.toJSON().Outputs as Record<string, { Value: Any; Export?: { Name: string } }>;
  if (ref) {
    expect(ref.StackName).toBe(sd.data.stackName);
    return outputs[ref.OutputName]?.Value;
  }
  const name = value['Fn::ImportValue'];
  return Object.values(outputs).find((o) => name !== undefined && o.Export?.Name === name)?.Value ?? value;
}

describe('whatsapp-outbound queue', () => {
  it('has a dead-letter queue, a redrive after 5 receives, a visibility timeout above the consumer’s, and a DLQ alarm', () => {
    const [dlqId, dlq] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbounddlq');
    const [, queue] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
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
    const [queueId] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
    const [fnId, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-outbound:');
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const mappings = entries(queuesStack, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName?.Ref === fnId);
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties;
    expect(mapping).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(fromData(mapping.EventSourceArn)).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it("the worker reads the Graph token secret and the table, and holds each grant's setting", () => {
    const [, fn] = functionNamed(queuesStack, 'Service desk queue whatsapp-outbound:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'SECRET_ARNS']));
    expect(JSON.stringify(env.SECRET_ARNS)).toContain('whatsapp-access-token');
    expect(Object.keys(env)).not.toContain('EVENT_BUS_NAME');
    const statements = statementsOf(queuesStack, fn);
    expect(actionsOf(statements)).toEqual(expect.arrayContaining([...TABLE_ACTIONS.readwrite, 'secretsmanager:GetSecretValue']));
    expect(JSON.stringify(statements)).toContain('secret:service-desk/whatsapp-access-token-??????');
    expect(actionsOf(statements).filter((a) => /^(events|s3):/.test(a))).toEqual([]);
  });
});

describe('send-whatsapp-reply rule', () => {
  it('sends ticket.replied to its function, with retries and a dead-letter queue', () => {
    const [fnId, fn] = functionNamed(eventsStack, 'Service desk event send-whatsapp-reply:');
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const [dlqId] = byId(eventsStack, 'AWS::SQS::Queue', 'eventsendwhatsappreplydlq');
    eventsStack.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['service-desk'], 'detail-type': ['ticket.replied'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      ],
    });
    eventsStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('may send to whatsapp-outbound (QUEUE_URLS and sqs:SendMessage on it) and write the table, nothing more', () => {
    const [queueId] = byId(data, 'AWS::SQS::Queue', 'whatsappoutbound');
    const [, fn] = functionNamed(eventsStack, 'Service desk event send-whatsapp-reply:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'QUEUE_URLS']));
    expect(Object.keys(env)).not.toContain('SECRET_ARNS');
    expect(JSON.stringify(env.QUEUE_URLS)).toContain('whatsapp-outbound');
    const statements = statementsOf(eventsStack, fn);
    // (The same statement may also name the rule's own dead-letter queue, the failure destination.)
    const sendTo = statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).flatMap((s) => [s.Resource].flat().map(fromData));
    expect(sendTo).toContainEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(TABLE_ACTIONS.readwrite));
    expect(actionsOf(statements).filter((a) => /^(events|s3|secretsmanager):/.test(a))).toEqual([]);
  });
});
