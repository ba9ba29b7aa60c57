// The one construct for the app's Lambda functions: defaults (runtime, architecture, bundling,
// tracing, logs) in one place, and `bind*` methods that each grant IAM access AND set the
// environment variable functions/lib/env.ts reads, in one call — so no function can hold a grant
// without its setting or a setting without its grant. `applyGrants` turns a declaration's `Grants`
// (shared/system/grants.ts) into those calls: a new route, rule, schedule or queue declares what it
// needs and never edits a stack.
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { type Grants, grantDefines } from '../../shared/system/grants.ts';
import { BUNDLE, entryFor } from './bundles.ts';
import type { FunctionSpec } from './system.ts';
import { repoRoot } from './system.ts';

export type Access = 'read' | 'readwrite' | 'backfill';

/**
 * DynamoDB actions by access. No Scan on a request path: every access pattern is a key or index
 * query (SPEC, table.ts); only the backfill schedule reads the whole table, once per schema version.
 */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const READWRITE_ACTIONS = [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
export const TABLE_ACTIONS: Record<Access, string[]> = {
  read: READ_ACTIONS,
  readwrite: READWRITE_ACTIONS,
  backfill: [...READWRITE_ACTIONS, 'dynamodb:Scan'],
};

export type AppFunctionProps = {
  spec: FunctionSpec;
  logRetention: logs.RetentionDays;
  /** POWERTOOLS_LOG_LEVEL. */
  logLevel: string;
};

export class AppFunction extends NodejsFunction {
  readonly spec: FunctionSpec;
  private readonly bound = new Map<string, string>();
  private readonly queueUrls: Record<string, string> = {};
  private readonly secretArns: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const { spec } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Service desk ${spec.kind} function ${spec.name}`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    super(scope, id, {
      entry: entryFor(spec),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: describe(spec),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        // Stack traces in the logs point into the TypeScript sources (≈ 15 ms more at cold start).
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'service-desk',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourcemap,
        sourcesContent: BUNDLE.sourcesContent,
        mainFields: [...BUNDLE.mainFields],
        banner: BUNDLE.banner,
        define: grantDefines(spec.grants),
        externalModules: [...BUNDLE.external],
        bundleAwsSDK: true,
      },
    });
    this.spec = spec;
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "X-Ray's PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permission.",
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(this, [
      {
        id: 'AwsSolutions-L1',
        reason: 'nodejs22.x is the runtime the code is built and tested for (esbuild target node22, Node ≥ 20 locally); move with the toolchain, not ahead of it.',
      },
    ]);
  }

  /** TABLE_NAME, and the actions of `access` on the table and its indexes. */
  bindTable(table: dynamodb.ITable, access: Access): this {
    this.once('table', table.tableArn);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: TABLE_ACTIONS[access], resources: [table.tableArn, `${table.tableArn}/index/*`] }),
    );
    this.suppressWildcard(/^Resource::.+\/index\/\*$/, "The table's indexes (`index/*`): every GSI is an access pattern of table.ts, queried with the same actions as the table.");
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** EVENT_BUS_NAME, and PutEvents on that bus. */
  bindBus(bus: events.IEventBus): this {
    this.once('bus', bus.eventBusArn);
    bus.grantPutEventsTo(this);
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    return this;
  }

  /** The queue's URL under `name` in QUEUE_URLS (JSON), and SendMessage on it. */
  bindQueue(queue: sqs.IQueue, name: string): this {
    this.once(`queue:${name}`, queue.queueArn);
    queue.grantSendMessages(this);
    if (Object.keys(this.queueUrls).length === 0) {
      this.addEnvironment('QUEUE_URLS', Lazy.string({ produce: () => Stack.of(this).toJsonString(this.queueUrls) }));
    }
    this.queueUrls[name] = queue.queueUrl;
    return this;
  }

  /**
   * BUCKET_NAME, and object access. ListBucket is granted with read because without it S3 answers
   * HeadObject for a missing key with 403 instead of 404, and the blob store's `head` must see 404
   * (an attachment not yet uploaded is a 422 to the caller, not an error).
   */
  bindBucket(bucket: s3.IBucket, access: Access): this {
    this.once('bucket', bucket.bucketArn);
    const objectActions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
    this.addToRolePolicy(new iam.PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }));
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.suppressWildcard(/^Resource::.+\/\*$/, 'Attachment objects have generated keys (tenant/ticket/attachment id): the grant is on the objects of this one bucket.');
    this.addEnvironment('BUCKET_NAME', bucket.bucketName);
    return this;
  }

  /**
   * The secret's ARN under `name` in SECRET_ARNS (JSON), and GetSecretValue on it — read through
   * Parameter Store's reference to Secrets Manager (`/aws/reference/secretsmanager/<name>`), so
   * GetParameter on that reference too.
   */
  bindSecret(secret: secretsmanager.ISecret, name: string): this {
    this.once(`secret:${name}`, secret.secretArn);
    secret.grantRead(this);
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `aws/reference/secretsmanager/${secret.secretName}` })],
      }),
    );
    this.suppressWildcard(/^Resource::arn:.*:secret:.+-\?{6}$/, 'A secret imported by name: Secrets Manager appends six random characters to its ARN.');
    if (Object.keys(this.secretArns).length === 0) {
      this.addEnvironment('SECRET_ARNS', Lazy.string({ produce: () => Stack.of(this).toJsonString(this.secretArns) }));
    }
    this.secretArns[name] = secret.secretArn;
    return this;
  }

  /** AUTH_ISSUER and AUTH_CLIENT_ID: the ID tokens the HTTP handlers accept (no IAM: the JWKS is public). */
  bindAuth(issuer: string, clientId: string): this {
    this.once('auth', 'auth');
    this.addEnvironment('AUTH_ISSUER', issuer);
    this.addEnvironment('AUTH_CLIENT_ID', clientId);
    return this;
  }

  /** A wildcard a binding needs, suppressed for this function's role only, with its reason. */
  private suppressWildcard(pattern: RegExp, reason: string): void {
    if (!this.role) return;
    NagSuppressions.addResourceSuppressions(this.role, [{ id: 'AwsSolutions-IAM5', reason, appliesTo: [{ regex: `${pattern}` }] }], true);
  }

  private once(kind: string, what: string): void {
    if (this.bound.has(kind)) throw new Error(`${this.node.path}: ${kind} is already bound (one per function)`);
    this.bound.set(kind, what);
  }
}

function describe(spec: FunctionSpec): string {
  const what = spec.kind === 'http' ? spec.routes.map((r) => r.routeKey).join(', ') : spec.routes.map((r) => r.handler).join(', ');
  const text = `Service desk ${spec.kind} ${spec.name}: ${what}`;
  return text.length > 256 ? `${text.slice(0, 255)}…` : text;
}

/** What grants can refer to. */
export type GrantTargets = {
  table: dynamodb.ITable;
  bus: events.IEventBus;
  /** Work queues by their name in queues.ts. */
  queues: ReadonlyMap<string, sqs.IQueue>;
  bucket: s3.IBucket;
  /** The Secrets Manager name of a secret name of the declarations (`grants.secrets`). */
  secretName: (name: string) => string;
};

/** Applies a declaration's grants to a function: each one an IAM grant plus its env var. */
export function applyGrants(fn: AppFunction, grants: Grants, targets: GrantTargets): AppFunction {
  if (grants.table) fn.bindTable(targets.table, grants.table);
  if (grants.bus) fn.bindBus(targets.bus);
  for (const name of grants.queues ?? []) {
    const queue = targets.queues.get(name);
    if (!queue) throw new Error(`${fn.spec.kind} ${fn.spec.name} sends to queue "${name}", which queues.ts does not declare`);
    fn.bindQueue(queue, name);
  }
  if (grants.bucket) fn.bindBucket(targets.bucket, grants.bucket);
  for (const name of grants.secrets ?? []) fn.bindSecret(importSecret(Stack.of(fn), targets.secretName(name)), name);
  return fn;
}

/**
 * Secrets are created outside the app (see the README, "Deploy to AWS") and imported by name — no lookup, so
 * synth needs no account. Imported once per stack, so no stack exports a secret to another.
 */
function importSecret(stack: Stack, secretName: string): secretsmanager.ISecret {
  const id = `secret-${secretName.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const existing = stack.node.tryFindChild(id) as secretsmanager.ISecret | undefined;
  return existing ?? secretsmanager.Secret.fromSecretNameV2(stack, id, secretName);
}
