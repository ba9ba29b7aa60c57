// Test helpers for the AWS app: one synth without bundling (context `aws:cdk:bundling-stacks: []`)
// against a fixture site, and the lookups the infra tests make in its templates — a resource by
// construct id, a function by description, the policy statements of a function's role, the
// integration behind a route, and what a cross-stack reference to the data stack stands for.
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AppConfig } from './config.ts';
import { createServiceDesk, type ServiceDesk } from './service-desk.ts';
import { repoRoot, type AppSystem } from './system.ts';

export type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;
export type Resource = { Type: string; Properties: Record<string, Any>; DependsOn?: string[]; DeletionPolicy?: string };

export type Synth = {
  app: App;
  sd: ServiceDesk;
  assembly: CloudAssembly;
  /** A stack's template (parsed once); throws for a stack the declarations did not build. */
  template: (stack: Stack | undefined) => Template;
  /** A folder of this synth's own, removed by `dispose` (for other build output of a test). */
  workDir: string;
  /** Removes the fixture site and the cloud assembly. */
  dispose: () => void;
};

/** Synthesizes the app of `system` (no bundling) with a fixture site and `config` over cdk.json's context. */
export function synthApp(system: AppSystem, config: Partial<AppConfig> = {}): Synth {
  const workDir = mkdtempSync(join(tmpdir(), 'service-desk-infra-'));
  const dispose = () => rmSync(workDir, { recursive: true, force: true });
  try {
    const siteDir = join(workDir, 'site');
    mkdirSync(join(siteDir, 'assets'), { recursive: true });
    writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>fixture</title>');
    writeFileSync(join(siteDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Json };
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] }, outdir: join(workDir, 'cdk.out') });
    const sd = createServiceDesk(app, { system, config: { siteDir, ...config } });
    const assembly = app.synth();
    const cache = new Map<string, Template>();
    const template = (stack: Stack | undefined) => {
      if (!stack) throw new Error('stack not built');
      let t = cache.get(stack.artifactId);
      if (!t) cache.set(stack.artifactId, (t = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template as Json)));
      return t;
    };
    return { app, sd, assembly, template, workDir, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

export const entries = (t: Template, type: string): [string, Resource][] => Object.entries(t.findResources(type)) as [string, Resource][];

/** The one resource of `type` whose logical id is the construct id `prefix` plus CDK's hash. */
export function byId(t: Template, type: string, prefix: string): [string, Resource] {
  const found = entries(t, type).filter(([id]) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]!;
}

/** The one function whose description starts with `description`. */
export function functionNamed(t: Template, description: string): [string, Resource] {
  const found = entries(t, 'AWS::Lambda::Function').filter(([, r]) => String(r.Properties.Description ?? '').startsWith(description));
  expect(found, `one function described "${description}…"`).toHaveLength(1);
  return found[0]!;
}

/** Every statement of the policies attached to a function's role. */
export function statementsOfFunction(t: Template, fn: Resource): Any[] {
  const roleId = (fn.Properties.Role as Any)['Fn::GetAtt'][0] as string;
  return entries(t, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Any[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as Any).Statement as Any[]);
}

/** The actions of one statement (`statements.flatMap(actionsOf)` for several). */
export const actionsOf = (statement: Any): string[] => [statement.Action].flat();

export const refersToTable = (value: unknown): boolean => /Table[0-9A-F]{8}/.test(JSON.stringify(value));

/** The integration (id and resource) behind the one route of `routeKey`. */
export function integrationTarget(t: Template, routeKey: string): [string, Resource] {
  const routes = entries(t, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === routeKey);
  expect(routes, `route ${routeKey}`).toHaveLength(1);
  const target = (routes[0]![1].Properties.Target as Any)['Fn::Join'][1] as Any[];
  expect(target[0]).toBe('integrations/');
  const integrationId = target[1].Ref as string;
  const integration = t.toJSON().Resources[integrationId] as Resource;
  expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
  return [integrationId, integration];
}

/** What a cross-stack reference to the data stack (an output it publishes) stands for there. */
export function fromData(s: Synth, value: Any): Any {
  const ref = value['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
  const outputs = s.template(s.sd.data).toJSON().Outputs as Record<string, { Value: Any; Export?: { Name: string } }>;
  if (ref) {
    expect(ref.StackName).toBe(s.sd.data.stackName);
    return outputs[ref.OutputName]?.Value;
  }
  const name = value['Fn::ImportValue'];
  return Object.values(outputs).find((o) => name !== undefined && o.Export?.Name === name)?.Value ?? value;
}

/**
 * A rule on the bus sending `events` to function `fnId` with `retries` and the dead-letter queue
 * `dlqId`; a handler that throws is retried by Lambda as often, then lands in the same queue.
 */
export function expectRuleToFunction(t: Template, rule: { events: string[]; fnId: string; dlqId: string; retries: number }): void {
  const { events, fnId, dlqId, retries } = rule;
  t.hasResourceProperties('AWS::Events::Rule', {
    EventBusName: Match.anyValue(),
    EventPattern: { source: ['service-desk'], 'detail-type': events },
    Targets: [
      Match.objectLike({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: retries }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      }),
    ],
  });
  t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: fnId },
    MaximumRetryAttempts: retries,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
  });
}

/** The alarm on the messages waiting in dead-letter queue `dlqId`. */
export function expectDlqAlarm(t: Template, dlqId: string): void {
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
  });
}
