// One EventBridge Scheduler schedule per entry of schedules.ts, invoking its function every
// `everyMinutes`. A missed or failed run is not retried (the next run does the same work); what
// fails for good lands in the schedule's dead-letter queue, which alarms.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { ScheduleDecl } from '../../../shared/system/schedules.ts';
import { deadLetterQueue, dlqAlarm, type AlarmTarget } from '../alarms.ts';
import { AppFunction, applyGrants, type GrantTargets } from '../app-function.ts';
import { scheduleFunction } from '../system.ts';

export type SchedulesStackProps = StackProps & {
  schedules: readonly ScheduleDecl[];
  targets: GrantTargets;
  logRetention: logs.RetentionDays;
  logLevel: string;
  alarms: AlarmTarget;
};

export class SchedulesStack extends Stack {
  readonly functions = new Map<string, AppFunction>();

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);

    // The role EventBridge Scheduler invokes the functions with: each schedule's function (and its
    // qualified ARNs, `<arn>:*`, which LambdaInvoke grants too) and nothing else.
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    for (const decl of props.schedules) {
      const spec = scheduleFunction(decl);
      const fn = applyGrants(
        new AppFunction(this, `schedule-${decl.name}`, { spec, logRetention: props.logRetention, logLevel: props.logLevel }),
        decl.grants,
        props.targets,
      );
      this.functions.set(decl.name, fn);

      const dlq = deadLetterQueue(this, `schedule-${decl.name}-dlq`, `schedule ${decl.name}`);
      dlqAlarm(this, `schedule-${decl.name}-dlq-alarm`, dlq, `schedule ${decl.name}`, props.alarms);
      const period = Duration.minutes(decl.everyMinutes);
      // An invocation older than one period is stale: the next run has already started.
      const maxEventAge = Duration.minutes(Math.min(Math.max(decl.everyMinutes, 1), 360));
      fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge, onFailure: new SqsDestination(dlq) });

      new scheduler.Schedule(this, `schedule-${decl.name}-every`, {
        description: `${decl.name}: ${decl.handler} every ${decl.everyMinutes} min`,
        schedule: scheduler.ScheduleExpression.rate(period),
        target: new LambdaInvoke(fn, { role, retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: dlq }),
      });
    }
    // After the loop: the suppression reaches the role's policy once the grants have made it.
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'LambdaInvoke grants invoke on the function and its qualified ARNs (`<arn>:*`: versions and aliases) of each schedule only.',
          appliesTo: [{ regex: '/^Resource::<.+\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );
  }
}
