// The AWS app, synthesized without bundling (context `aws:cdk:bundling-stacks: []`): what must exist
// now, named one by one (each feature adds the assertions for the routes, rules, schedules and queues
// it declares; the WhatsApp channel's are in whatsapp.test.ts). A second synth with fixture
// declarations proves the loops over event rules, queues, multi-route groups and secrets.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE, indexes } from '../../shared/platform/table.ts';
import type { FunctionGroup } from '../../shared/system/grants.ts';
import { TABLE_ACTIONS } from './app-function.ts';
import { ESM_REQUIRE_BANNER, buildBundles, entryFor } from './bundles.ts';
import { actionsOf, byId, entries, expectDlqAlarm, expectRuleToFunction, functionNamed, integrationTarget, refersToTable, statementsOfFunction, synthApp, type Any, type Json, type Resource, type Synth } from './synth-testing.ts';
import { httpFunctions, productApp, repoRoot, type AppSystem } from './system.ts';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*', '*'];

const fixtureSystem: AppSystem = {
  ...productApp,
  functionGroups: {
    ...productApp.functionGroups,
    'fixture-multi': {
      name: 'fixture-multi',
      grants: { table: 'readwrite', bus: true, queues: ['fixture-queue'], bucket: 'readwrite', secrets: ['whatsapp-app-secret'] },
      memoryMb: 512,
      timeoutSeconds: 15,
    } satisfies FunctionGroup,
  },
  routes: [
    ...productApp.routes,
    { method: 'POST', path: '/webhooks/fixture', handler: 'functions/http/not-found', access: 'public', group: 'fixture-multi' },
    { method: 'GET', path: '/api/fixture/{id}', handler: 'functions/http/me/get-me', access: 'signed-in', group: 'fixture-multi' },
  ],
  eventRules: [
    {
      name: 'fixture-rule',
      events: ['ticket.created', 'ticket.updated'],
      target: 'functions/schedules/housekeeping',
      grants: { table: 'readwrite' },
      retries: 2,
      memoryMb: 256,
      timeoutSeconds: 30,
    },
  ],
  queues: [
    ...productApp.queues,
    {
      name: 'fixture-queue',
      handler: 'functions/schedules/housekeeping',
      grants: { table: 'read', bus: true },
      batchSize: 5,
      maxReceiveCount: 3,
      memoryMb: 256,
      timeoutSeconds: 20,
    },
  ],
};

let product: Synth;
let fixture: Synth;

beforeAll(() => {
  product = synthApp(productApp);
  // The fixture also takes the optional settings: custom domain, alarm e-mail.
  fixture = synthApp(fixtureSystem, {
    domainName: 'desk.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
    alarmEmail: 'ops@example.com',
  });
});

afterAll(() => {
  product?.dispose();
  fixture?.dispose();
});

// ---------------------------------------------------------------------------------------------
// helpers

function allStatements(s: Synth): Any[] {
  const out: Any[] = [];
  for (const artifact of s.assembly.stacks) {
    const t = Template.fromJSON(artifact.template as Json);
    for (const [, p] of [...entries(t, 'AWS::IAM::Policy'), ...entries(t, 'AWS::IAM::ManagedPolicy')]) out.push(...(p.Properties.PolicyDocument as Any).Statement);
    for (const [, r] of entries(t, 'AWS::IAM::Role')) for (const p of (r.Properties.Policies as Any[]) ?? []) out.push(...p.PolicyDocument.Statement);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('api', () => {
  it('routes GET /api/me to the identity function with a Lambda proxy integration', () => {
    const t = product.template(product.sd.api);
    const [fnId, fn] = functionNamed(t, 'Service desk http identity:');
    const [, integration] = integrationTarget(t, 'GET /api/me');
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['AUTH_ISSUER', 'AUTH_CLIENT_ID']));
    expect(Object.keys(env)).not.toContain('TABLE_NAME');
    expect(JSON.stringify(env.AUTH_ISSUER)).toMatch(/ProviderURL/);
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['/*/*/api/me'])]) }),
    });
  });

  it('sends $default to the not-found function', () => {
    const t = product.template(product.sd.api);
    const [fnId] = functionNamed(t, 'Service desk http not-found:');
    const [, integration] = integrationTarget(t, '$default');
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });

  it('has no local-only route (/dev/*, /health, jwks)', () => {
    const keys = entries(product.template(product.sd.api), 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(keys).toContain('GET /api/me');
    expect(keys.filter((k) => / \/dev\/|\/health$|well-known/.test(k))).toEqual([]);
  });

  it('has no CORS, a throttled $default stage with access logs', () => {
    const t = product.template(product.sd.edge);
    const [, api] = entries(t, 'AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.ProtocolType).toBe('HTTP');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
  });

  it('one function per group: a multi-route group shares one function and one integration', () => {
    const t = fixture.template(fixture.sd.api);
    const [fnId] = functionNamed(t, 'Service desk http fixture-multi:');
    const [a] = integrationTarget(t, 'POST /webhooks/fixture');
    const [b] = integrationTarget(t, 'GET /api/fixture/{id}');
    expect(a).toBe(b);
    expect((t.toJSON().Resources[a] as Resource).Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
  });
});

describe('least privilege', () => {
  it("gives /api/me's function (identity: it reads only the token) no access to the table and no write action", () => {
    const t = product.template(product.sd.api);
    const [, fn] = functionNamed(t, 'Service desk http identity:');
    const statements = statementsOfFunction(t, fn);
    const onTable = statements.filter((s) => refersToTable(s.Resource));
    expect(onTable.flatMap(actionsOf)).toEqual([]);
    for (const s of statements) for (const a of actionsOf(s)) expect(WRITE_ACTIONS).not.toContain(a);
    // nor anything of the bus, queues or buckets
    expect(statements.flatMap(actionsOf).filter((a) => /^(events|sqs|s3|secretsmanager):/.test(a))).toEqual([]);
  });

  it('has no policy with `*` or `dynamodb:*` actions, and Scan on the table for the backfill schedule only', () => {
    for (const s of [product, fixture]) {
      const statements = allStatements(s);
      expect(statements.length).toBeGreaterThan(10);
      for (const st of statements) {
        expect(actionsOf(st)).not.toContain('*');
        expect(actionsOf(st)).not.toContain('dynamodb:*');
      }
    }
    for (const stack of [product.sd.api, product.sd.events, product.sd.queues].filter((x) => x !== undefined)) {
      for (const [, p] of entries(product.template(stack), 'AWS::IAM::Policy')) {
        for (const st of (p.Properties.PolicyDocument as Any).Statement) if (refersToTable(st.Resource)) expect(actionsOf(st)).not.toContain('dynamodb:Scan');
      }
    }
    const t = product.template(product.sd.schedules);
    const scanners = entries(t, 'AWS::Lambda::Function').filter(([, fn]) => statementsOfFunction(t, fn).some((st) => actionsOf(st).includes('dynamodb:Scan')));
    expect(scanners.map(([, fn]) => String(fn.Properties.Description).split(':')[0])).toEqual(['Service desk schedule backfill']);
  });

  it('binds each grant with its setting: env var and IAM together', () => {
    const t = fixture.template(fixture.sd.api);
    const [, fn] = functionNamed(t, 'Service desk http fixture-multi:');
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME', 'QUEUE_URLS', 'BUCKET_NAME', 'SECRET_ARNS', 'AUTH_ISSUER', 'AUTH_CLIENT_ID']),
    );
    expect(JSON.stringify(env.QUEUE_URLS)).toContain('fixture-queue');
    expect(JSON.stringify(env.SECRET_ARNS)).toContain('whatsapp-app-secret');
    const actions = statementsOfFunction(t, fn).flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining([...TABLE_ACTIONS.readwrite, 'events:PutEvents', 'sqs:SendMessage', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 'secretsmanager:GetSecretValue']));
    // ListBucket is what makes HeadObject answer 404 (not 403) for a missing key.
    const list = statementsOfFunction(t, fn).find((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(JSON.stringify(list.Resource)).not.toContain('/*');
    // The secret is imported by name (no lookup): service-desk/<name> by default.
    expect(JSON.stringify(statementsOfFunction(t, fn))).toContain('secret:service-desk/whatsapp-app-secret-??????');
  });

  it('the not-found function has no grant at all', () => {
    const t = product.template(product.sd.api);
    const [, fn] = functionNamed(t, 'Service desk http not-found:');
    expect(statementsOfFunction(t, fn).flatMap(actionsOf).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('data', () => {
  it('has the table with the same keys and GSIs as table.ts, on demand, PITR, TTL, deletion protection', () => {
    const t = product.template(product.sd.data);
    const [, table] = entries(t, 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    const p = table.Properties as Any;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.DeletionProtectionEnabled).toBe(true);
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(TTL_ATTRIBUTE).toBe('expiresAt');
    expect(p.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const gsis = (p.GlobalSecondaryIndexes as Any[]).map((g) => ({
      name: g.IndexName,
      pk: g.KeySchema.find((k: Any) => k.KeyType === 'HASH').AttributeName,
      sk: g.KeySchema.find((k: Any) => k.KeyType === 'RANGE').AttributeName,
      projection: g.Projection.ProjectionType,
    }));
    expect(gsis.map((g) => g.name).sort()).toEqual(['due', 'gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'outbox']);
    expect(gsis).toEqual(expect.arrayContaining(indexes.map((i) => ({ ...i, projection: 'ALL' }))));
    expect(gsis).toHaveLength(indexes.length);
  });

  it('has the custom event bus', () => {
    product.template(product.sd.data).resourceCountIs('AWS::Events::EventBus', 1);
  });
});

describe('schedules', () => {
  it('runs housekeeping every minute through EventBridge Scheduler, with a dead-letter queue', () => {
    const t = product.template(product.sd.schedules);
    const [fnId, fn] = functionNamed(t, 'Service desk schedule housekeeping:');
    expect(fn.Properties).toMatchObject({ Timeout: 60, MemorySize: 256 });
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    const env = (fn.Properties.Environment as Any).Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME']));
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
  });
});

describe('events', () => {

  it('turns a declared rule into a rule on the bus, a target with retries and a DLQ, and an alarm', () => {
    const t = fixture.template(fixture.sd.events);
    const [fnId, fn] = functionNamed(t, 'Service desk event fixture-rule:');
    expect(fn.Properties).toMatchObject({ Timeout: 30, MemorySize: 256 });
    const [dlqId] = entries(t, 'AWS::SQS::Queue')[0]!;
    // A handler that throws is retried by Lambda, then lands in the same DLQ.
    expectRuleToFunction(t, { events: ['ticket.created', 'ticket.updated'], fnId, dlqId, retries: 2 });
    expectDlqAlarm(t, dlqId);
  });
});

describe('queues', () => {
  it('turns a declared queue into SQS + DLQ, a consumer with partial batch responses, and a DLQ alarm', () => {
    const data = fixture.template(fixture.sd.data);
    const [, work] = byId(data, 'AWS::SQS::Queue', 'fixturequeue');
    const [dlqId] = byId(data, 'AWS::SQS::Queue', 'fixturequeuedlq');
    expect(work.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 3 });
    expect(work.Properties.VisibilityTimeout as unknown as number).toBeGreaterThan(20);
    expectDlqAlarm(data, dlqId);

    const t = fixture.template(fixture.sd.queues);
    const [fnId] = functionNamed(t, 'Service desk queue fixture-queue:');
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('auth', () => {
  it('has the four groups, admin-only custom attributes and a hosted-UI client calling back to the site', () => {
    const t = product.template(product.sd.auth);
    const groups = entries(t, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['service-desk-admin', 'service-desk-agent', 'service-desk-customer', 'service-desk-supervisor']);
    const [, pool] = entries(t, 'AWS::Cognito::UserPool')[0]!;
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    expect((pool.Properties.AdminCreateUserConfig as Any).AllowAdminCreateUserOnly).toBe(true);
    const custom = (pool.Properties.Schema as Any[]).filter((a) => ['tenants', 'bp_id', 'contact_id'].includes(a.Name));
    expect(custom.map((a) => [a.Name, a.Mutable])).toEqual([
      ['tenants', true],
      ['bp_id', true],
      ['contact_id', true],
    ]);
    const [, client] = entries(t, 'AWS::Cognito::UserPoolClient')[0]!;
    const c = client.Properties as Any;
    expect(c.GenerateSecret).toBe(false);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(c.ReadAttributes).toEqual(expect.arrayContaining(['custom:tenants', 'custom:bp_id', 'custom:contact_id']));
    expect(c.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
    expect(JSON.stringify(c.CallbackURLs)).toMatch(/https:\/\/.*Distribution.*DomainName.*\/sign-in/);
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('keeps the user directory current: post-confirmation and post-authentication triggers with the groups of the pool', () => {
    const t = product.template(product.sd.auth);
    const [fnId, fn] = functionNamed(t, 'Service desk trigger sync-user:');
    const [poolId, pool] = entries(t, 'AWS::Cognito::UserPool')[0]!;
    expect(pool.Properties.LambdaConfig).toEqual({ PostConfirmation: { 'Fn::GetAtt': [fnId, 'Arn'] }, PostAuthentication: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    const statements = statementsOfFunction(t, fn);
    expect(statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort()).toEqual([...TABLE_ACTIONS.readwrite].sort());
    const groups = statements.find((s) => actionsOf(s).includes('cognito-idp:AdminListGroupsForUser'));
    expect(groups.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('cognito-idp:'))).toEqual(['cognito-idp:AdminListGroupsForUser']);
  });
});

describe('web', () => {
  it('serves the private site bucket through CloudFront with OAC, SPA fallback and security headers', () => {
    const t = product.template(product.sd.edge);
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [, dist] = entries(t, 'AWS::CloudFront::Distribution')[0]!;
    const config = dist.Properties.DistributionConfig as Any;
    const s3Origin = config.Origins.find((o: Any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(config.DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe('viewer-request');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CustomErrorResponses).toBeUndefined(); // would rewrite the API's 403/404 too
    t.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp('/index.html') });
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      },
    });
    const [, headers] = entries(t, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const csp = JSON.stringify((headers.Properties.ResponseHeadersPolicyConfig as Any).SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    const [siteBucketId, siteBucket] = entries(t, 'AWS::S3::Bucket').find(([id]) => id.startsWith('Site'))!;
    expect(siteBucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]),
      },
    });
  });

  it('sends /api/* and /webhooks/* to the HTTP API uncached, with every viewer header but Host', () => {
    const t = product.template(product.sd.edge);
    const [, dist] = entries(t, 'AWS::CloudFront::Distribution')[0]!;
    const config = dist.Properties.DistributionConfig as Any;
    const apiOrigin = config.Origins.find((o: Any) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/HttpApi.*execute-api/);
    for (const path of ['/api/*', '/webhooks/*']) {
      const behavior = config.CacheBehaviors.find((b: Any) => b.PathPattern === path);
      expect(behavior, path).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']),
      });
      expect(behavior.ResponseHeadersPolicyId).toBeDefined();
    }
  });

  it('keeps attachments private, TLS-only, with CORS for PUT/GET from the site only', () => {
    const t = product.template(product.sd.edge);
    const [bucketId, bucket] = entries(t, 'AWS::S3::Bucket').find(([id]) => id.startsWith('Attachments'))!;
    const cors = (bucket.Properties.CorsConfiguration as Any).CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0].AllowedMethods.sort()).toEqual(['GET', 'PUT']);
    expect(JSON.stringify(cors[0].AllowedOrigins)).toMatch(/https:\/\/.*Distribution.*DomainName/);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('deploys the site and its config.json last, invalidating CloudFront', () => {
    const { sd } = product;
    expect(sd.auth.dependencies).toContain(sd.edge);
    expect(sd.api.dependencies).toEqual(expect.arrayContaining([sd.auth, sd.edge, sd.data]));
    expect(sd.site.dependencies).toEqual(expect.arrayContaining([sd.api, sd.auth, sd.edge]));
    const t = product.template(sd.site);
    const deployments = entries(t, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const pages = deployments.find(([, d]) => d.Properties.DistributionPaths)!;
    expect(pages[1].Properties.DistributionPaths).toEqual(['/*']);
    expect(pages[1].DependsOn).toEqual(expect.arrayContaining([deployments.find((d) => d !== pages)![0]]));
    // config.json's values (pool id, client id, hosted-UI domain) come from the auth stack.
    expect(JSON.stringify(pages[1].Properties.SourceMarkers)).toMatch(/Users.*UsersWeb|UsersWeb.*Users/s);
  });
});

describe('options', () => {
  it('serves a custom domain with its certificate and TLS 1.2, and uses it as callback and CORS origin', () => {
    const edge = fixture.template(fixture.sd.edge);
    const [, dist] = entries(edge, 'AWS::CloudFront::Distribution')[0]!;
    const config = dist.Properties.DistributionConfig as Any;
    expect(config.Aliases).toEqual(['desk.example.com']);
    expect(config.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    const [, attachments] = entries(edge, 'AWS::S3::Bucket').find(([id]) => id.startsWith('Attachments'))!;
    expect((attachments.Properties.CorsConfiguration as Any).CorsRules[0].AllowedOrigins).toEqual(['https://desk.example.com']);
    const [, client] = entries(fixture.template(fixture.sd.auth), 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.CallbackURLs).toEqual(['https://desk.example.com/sign-in']);
  });

  it('sends every alarm to the alarm topic when alarmEmail is set', () => {
    fixture.template(fixture.sd.data).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    let alarms = 0;
    for (const artifact of fixture.assembly.stacks) {
      for (const [id, alarm] of entries(Template.fromJSON(artifact.template as Json), 'AWS::CloudWatch::Alarm')) {
        alarms++;
        expect(alarm.Properties.AlarmActions, id).toHaveLength(1);
      }
    }
    expect(alarms).toBeGreaterThanOrEqual(5); // 5xx, throttles, DLQs of the rule, the queue and the schedule
  });
});

describe('observability', () => {
  it('traces every function, keeps its logs a month, alarms on 5xx and throttles', () => {
    for (const s of [product, fixture]) {
      for (const artifact of s.assembly.stacks) {
        const t = Template.fromJSON(artifact.template as Json);
        for (const [id, fn] of entries(t, 'AWS::Lambda::Function')) {
          if (!String(fn.Properties.Description ?? '').startsWith('Service desk')) continue; // CDK's own handlers
          expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
          const logGroupId = (fn.Properties.LoggingConfig as Any).LogGroup.Ref as string;
          expect((t.toJSON().Resources[logGroupId] as Resource).Properties.RetentionInDays, id).toBe(30);
        }
      }
    }
    product.template(product.sd.edge).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    product.template(product.sd.api).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unsuppressed finding in any stack (every suppression carries its reason in the code)', () => {
    for (const s of [product, fixture]) {
      const stacks = Object.values(s.sd).filter(Boolean);
      expect(stacks.length).toBeGreaterThanOrEqual(6);
      for (const stack of stacks) {
        const findings = s.assembly
          .getStackArtifact(stack.artifactId)
          .messages.filter((m) => m.level !== 'info' && String(m.entry.data).includes('AwsSolutions-'))
          .map((m) => `${m.id}: ${String(m.entry.data).slice(0, 160)}`);
        expect(findings, stack.stackName).toEqual([]);
      }
      // The checks did run: their suppressions are in the templates, each with a reason.
      const suppressions = s.assembly.stacks.flatMap((a) =>
        Object.values((a.template as { Resources: Record<string, Any> }).Resources).flatMap((r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []),
      );
      expect(suppressions.length).toBeGreaterThan(5);
      for (const sup of suppressions) expect(String(sup.reason).length, sup.id).toBeGreaterThan(30);
    }
  });
});

describe('bundles', () => {
  it('bundles a multi-route group into one entry that dispatches on the route key', async () => {
    const spec = httpFunctions(fixtureSystem).find((f) => f.name === 'fixture-multi')!;
    const entry = entryFor(spec);
    expect(entry).toMatch(/http-fixture-multi\.mjs$/);
    const source = readFileSync(entry, 'utf8');
    expect(source).toContain('"POST /webhooks/fixture"');
    expect(source).toContain('"GET /api/fixture/{id}"');
    // A single-handler function bundles its handler module directly.
    expect(entryFor(httpFunctions(productApp).find((f) => f.name === 'identity')!)).toBe(join(repoRoot, 'functions/http/me/get-me.ts'));

    // Bundled with the stack's esbuild options, then loaded as Lambda loads it: in a fresh Node
    // process, from index.mjs. (The handlers read the product's routes.ts, hence product routes.)
    const system: AppSystem = {
      ...fixtureSystem,
      functionGroups: { 'fixture-multi': fixtureSystem.functionGroups['fixture-multi']!, 'not-found': productApp.functionGroups['not-found']! },
      routes: [
        { method: 'GET', path: '/api/me', handler: 'functions/http/me/get-me', access: 'signed-in', group: 'fixture-multi' },
        { method: 'POST', path: '/webhooks/fixture', handler: 'functions/http/not-found', access: 'public', group: 'fixture-multi' },
      ],
      eventRules: [],
      schedules: [],
      queues: [],
    };
    const built = await buildBundles({ outdir: join(fixture.workDir, 'bundles'), system });
    expect(built.map((b) => `${b.kind}-${b.name}`)).toEqual(['http-fixture-multi', 'http-not-found']);
    const bundle = built[0]!;
    expect(readFileSync(bundle.file, 'utf8').startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundle.file).href)});
      const event = (routeKey, method, path) => ({ routeKey, rawPath: path, headers: {}, requestContext: { http: { method }, requestId: 'r' } });
      const out = {};
      out.webhook = (await handler(event('POST /webhooks/fixture', 'POST', '/webhooks/fixture'), {})).statusCode;
      out.me = (await handler(event('GET /api/me', 'GET', '/api/me'), {})).statusCode;
      try { await handler(event('GET /nope', 'GET', '/nope'), {}); } catch (err) { out.unknown = err.message; }
      console.log(JSON.stringify(out));`;
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' })) as Any;
    // The webhook route's handler (not-found's, in this fixture) answers 404 for its path, the
    // /api/me route reaches get-me (401 without a token), and an unknown route key is an error.
    expect(out).toEqual({ webhook: 404, me: 401, unknown: 'No handler for route GET /nope' });
  });
});

// Tickets end to end (issue 5): each route it declares, on the API, served by a function with the
// grants it needs and no more.
describe('ticket routes', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  const cases: { routeKey: string; fn: string; table: 'read' | 'readwrite'; bus: boolean; bucket: 'read' | 'readwrite' | 'none' }[] = [
    { routeKey: 'GET /api/tickets', fn: 'ticket-reads', table: 'read', bus: false, bucket: 'read' },
    { routeKey: 'GET /api/tenants/{tenantId}/tickets/{number}', fn: 'ticket-reads', table: 'read', bus: false, bucket: 'read' },
    { routeKey: 'POST /api/tenants/{tenantId}/tickets', fn: 'tickets', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'PATCH /api/tenants/{tenantId}/tickets/{number}', fn: 'tickets', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/tenants/{tenantId}/tickets/{number}/entries', fn: 'tickets', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/tenants/{tenantId}/attachments', fn: 'tickets', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'GET /api/my/tickets', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/my/tickets', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'GET /api/my/tickets/{number}', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/my/tickets/{number}/replies', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/my/tickets/{number}/close', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/my/tickets/{number}/reopen', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'POST /api/my/attachments', fn: 'portal', table: 'readwrite', bus: true, bucket: 'readwrite' },
    { routeKey: 'GET /api/tenants/{tenantId}/queues', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/queues/{id}', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/help-topics', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/help-topics/{id}', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/agents', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/business-partners', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/business-partners/{id}', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
    { routeKey: 'GET /api/tenants/{tenantId}/business-partners/{bpId}/contacts', fn: 'directory', table: 'read', bus: false, bucket: 'none' },
  ];

  it.each(cases)('$routeKey → the $fn function, table $table', ({ routeKey, fn: name, table, bus, bucket }) => {
    const t = product.template(product.sd.api);
    const [fnId, fn] = functionNamed(t, `Service desk http ${name}:`);
    const [, integration] = integrationTarget(t, routeKey);
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    const statements = statementsOfFunction(t, fn);
    const tableActions = statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort();
    expect(tableActions).toEqual(table === 'read' ? READ : [...TABLE_ACTIONS.readwrite].sort());
    const actions = statements.flatMap(actionsOf);
    expect(actions.includes('events:PutEvents')).toBe(bus);
    expect(actions.includes('s3:GetObject')).toBe(bucket !== 'none');
    expect(actions.includes('s3:PutObject')).toBe(bucket === 'readwrite');
    const env = (fn.Properties.Environment as Any).Variables;
    expect('BUCKET_NAME' in env).toBe(bucket !== 'none');
    expect('EVENT_BUS_NAME' in env).toBe(bus);
  });
});

// Administration (issue 6): reads on the read-only directory function, writes on the admin function
// (table read-write, nothing else: no bus, no bucket).
describe('administration routes', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  const T = '/api/tenants/{tenantId}';
  const reads = [
    `GET ${T}/audit`,
    `GET ${T}/settings/{tab}`,
    `GET ${T}/canned-responses`,
    `GET ${T}/canned-responses/{id}`,
    `GET ${T}/canned-responses/{id}/render`,
    `POST ${T}/canned-responses/preview`,
    `GET ${T}/routing-rules`,
    `POST ${T}/routing-rules/preview`,
  ];
  const writes = [
    `POST ${T}/queues`,
    `PUT ${T}/queues/{id}`,
    `DELETE ${T}/queues/{id}`,
    `PUT ${T}/queues/{id}/members`,
    `POST ${T}/help-topics`,
    `PUT ${T}/help-topics/{id}`,
    `DELETE ${T}/help-topics/{id}`,
    `PUT ${T}/settings/{tab}`,
    `POST ${T}/canned-responses`,
    `PUT ${T}/canned-responses/{id}`,
    `DELETE ${T}/canned-responses/{id}`,
    `POST ${T}/routing-rules`,
    `PUT ${T}/routing-rules/order`,
    `PUT ${T}/routing-rules/{id}`,
    `DELETE ${T}/routing-rules/{id}`,
    `POST ${T}/business-partners`,
    `PUT ${T}/business-partners/{id}`,
    `POST ${T}/business-partners/{id}/close`,
    `POST ${T}/business-partners/{id}/merge`,
    `POST ${T}/business-partners/{bpId}/contacts`,
    `PUT ${T}/business-partners/{bpId}/contacts/{contactId}`,
    `DELETE ${T}/business-partners/{bpId}/contacts/{contactId}`,
  ];

  it.each([...reads.map((r) => [r, 'directory'] as const), ...writes.map((w) => [w, 'admin'] as const)])('%s → the %s function', (routeKey, name) => {
    const t = product.template(product.sd.api);
    const [fnId, fn] = functionNamed(t, `Service desk http ${name}:`);
    const [, integration] = integrationTarget(t, routeKey);
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    const statements = statementsOfFunction(t, fn);
    expect(statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort()).toEqual(name === 'admin' ? [...TABLE_ACTIONS.readwrite].sort() : READ);
    expect(statements.flatMap(actionsOf).filter((a) => /^(events|s3|sqs|secretsmanager):/.test(a))).toEqual([]);
  });
});

// Automation (issue 7): routing, agent load, dashboard and notification rules on the bus, the SLA
// sweep's schedule, and the notification and dashboard routes.
describe('automation', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];

  it.each([
    { rule: 'route-ticket', events: ['ticket.created', 'ticket.updated'], bus: true },
    { rule: 'track-agent-load', events: ['ticket.created', 'ticket.updated'], bus: false },
    { rule: 'track-dashboard', events: ['ticket.created', 'ticket.updated', 'ticket.sla_breached'], bus: false },
    { rule: 'notify-leads', events: ['ticket.escalated'], bus: false },
  ])('sends $events to the $rule function with retries and a DLQ', ({ rule, events, bus }) => {
    const t = product.template(product.sd.events);
    const [fnId, fn] = functionNamed(t, `Service desk event ${rule}:`);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['service-desk'], 'detail-type': events },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }), DeadLetterConfig: Match.anyValue() })],
    });
    const statements = statementsOfFunction(t, fn);
    expect(statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort()).toEqual([...TABLE_ACTIONS.readwrite].sort());
    expect(statements.flatMap(actionsOf).includes('events:PutEvents')).toBe(bus);
  });

  it('runs the SLA sweep every minute with the table and the bus', () => {
    const t = product.template(product.sd.schedules);
    const [fnId, fn] = functionNamed(t, 'Service desk schedule sla-sweep:');
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    const actions = statementsOfFunction(t, fn).flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['events:PutEvents', 'dynamodb:Query', 'dynamodb:PutItem']));
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it.each([
    { routeKey: 'GET /api/me/notifications', fn: 'me', table: 'readwrite' },
    { routeKey: 'POST /api/me/notifications/{id}/read', fn: 'me', table: 'readwrite' },
    { routeKey: 'GET /api/dashboard/sla', fn: 'dashboard', table: 'read' },
  ] as const)('$routeKey → the $fn function, table $table', ({ routeKey, fn: name, table }) => {
    const t = product.template(product.sd.api);
    const [fnId, fn] = functionNamed(t, `Service desk http ${name}:`);
    const [, integration] = integrationTarget(t, routeKey);
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    const statements = statementsOfFunction(t, fn);
    expect(statements.filter((s) => refersToTable(s.Resource)).flatMap(actionsOf).sort()).toEqual(table === 'read' ? READ : [...TABLE_ACTIONS.readwrite].sort());
    expect(statements.flatMap(actionsOf)).not.toContain('events:PutEvents');
  });
});
