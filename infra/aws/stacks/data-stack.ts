// Everything stateful or shared by several function stacks: the table, the event bus, the work
// queues with their dead-letter queues, and the alarm topic. The function stacks (api, events,
// schedules, queues) only add compute on top, so any of them can send to a queue or publish to the
// bus without two stacks referring to each other.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createTableInput, TTL_ATTRIBUTE } from '../../../shared/platform/table.ts';
import type { QueueDecl } from '../../../shared/system/queues.ts';
import { deadLetterQueue, dlqAlarm, type AlarmTarget } from '../alarms.ts';

export type DataStackProps = StackProps & {
  queues: readonly QueueDecl[];
  alarmEmail?: string;
};

/** SQS's longest visibility timeout. */
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bus: events.EventBus;
  /** Work queues by their name in queues.ts. */
  readonly workQueues = new Map<string, sqs.Queue>();
  readonly alarms: AlarmTarget;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.table = tableFromDefinition(this);
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'For npm run user:add' });
    this.bus = new events.EventBus(this, 'Bus', { description: 'Service desk domain events (ticket.*)' });

    let topic: sns.Topic | undefined;
    if (props.alarmEmail) {
      topic = new sns.Topic(this, 'Alarms', { displayName: 'Service desk alarms', enforceSSL: true });
      topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      NagSuppressions.addResourceSuppressions(topic, [
        {
          id: 'AwsSolutions-SNS2',
          reason:
            'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed key costs at rest; alarm messages carry no customer data.',
        },
      ]);
    }
    this.alarms = topic ? { topic } : {};

    for (const decl of props.queues) {
      const dlq = deadLetterQueue(this, `${decl.name}-dlq`, `work queue ${decl.name}`);
      const queue = new sqs.Queue(this, decl.name, {
        // Above the consumer's timeout (AWS advises six times it), or a message still being
        // handled would be delivered again.
        visibilityTimeout: Duration.seconds(Math.min(decl.timeoutSeconds * 6, MAX_VISIBILITY_SECONDS)),
        retentionPeriod: Duration.days(4),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: decl.maxReceiveCount },
      });
      dlqAlarm(this, `${decl.name}-dlq-alarm`, dlq, `work queue ${decl.name}`, this.alarms);
      this.workQueues.set(decl.name, queue);
    }
  }
}

/** The table of shared/platform/table.ts: same keys and GSIs as the local runtime's. */
function tableFromDefinition(scope: Construct): dynamodb.Table {
  const def = createTableInput('unused');
  const attr = (name: string): dynamodb.Attribute => {
    const found = def.AttributeDefinitions.find((a) => a.AttributeName === name);
    if (!found) throw new Error(`Attribute ${name} is not defined`);
    const types = { S: dynamodb.AttributeType.STRING, N: dynamodb.AttributeType.NUMBER, B: dynamodb.AttributeType.BINARY } as const;
    return { name, type: types[found.AttributeType] };
  };
  const key = (schema: readonly { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[], type: 'HASH' | 'RANGE') =>
    schema.find((k) => k.KeyType === type)?.AttributeName;
  const pk = key(def.KeySchema, 'HASH')!;
  const sk = key(def.KeySchema, 'RANGE');
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: attr(pk),
    ...(sk ? { sortKey: attr(sk) } : {}),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const gsi of def.GlobalSecondaryIndexes) {
    const gpk = key(gsi.KeySchema, 'HASH')!;
    const gsk = key(gsi.KeySchema, 'RANGE');
    table.addGlobalSecondaryIndex({
      indexName: gsi.IndexName,
      partitionKey: attr(gpk),
      ...(gsk ? { sortKey: attr(gsk) } : {}),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
