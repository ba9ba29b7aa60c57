// Alarms and dead-letter queues, the same everywhere.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/** Where alarms notify (the optional `alarmEmail` topic); none means console only. */
export type AlarmTarget = { topic?: sns.ITopic };

export function notify(alarm: cloudwatch.Alarm, target: AlarmTarget): cloudwatch.Alarm {
  if (target.topic) alarm.addAlarmAction(new actions.SnsAction(target.topic));
  return alarm;
}

/** An encrypted, TLS-only queue kept 14 days: room to inspect and redrive what failed. */
export function deadLetterQueue(scope: Construct, id: string, reason: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  NagSuppressions.addResourceSuppressions(queue, [
    { id: 'AwsSolutions-SQS3', reason: `This is a dead-letter queue (${reason}); a DLQ has no DLQ of its own.` },
  ]);
  return queue;
}

/** Any message in a dead-letter queue is work that failed for good: alarm at the first one. */
export function dlqAlarm(scope: Construct, id: string, queue: sqs.IQueue, what: string, target: AlarmTarget): cloudwatch.Alarm {
  return notify(
    new cloudwatch.Alarm(scope, id, {
      alarmDescription: `Messages in the dead-letter queue of ${what}: inspect, fix, then redrive.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    target,
  );
}
