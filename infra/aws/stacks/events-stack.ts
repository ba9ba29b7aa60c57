// One EventBridge rule per entry of events.ts, on the custom bus: events of the rule's names from
// the product's source go to the rule's target function, with retries and a dead-letter queue.
import { Annotations, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import { Rule } from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EVENT_SOURCE, type EventRule } from '../../../shared/system/events.ts';
import { deadLetterQueue, dlqAlarm, type AlarmTarget } from '../alarms.ts';
import { AppFunction, applyGrants, type GrantTargets } from '../app-function.ts';
import { eventFunction } from '../system.ts';

export type EventsStackProps = StackProps & {
  rules: readonly EventRule[];
  bus: events.IEventBus;
  targets: GrantTargets;
  logRetention: logs.RetentionDays;
  logLevel: string;
  alarms: AlarmTarget;
};

/** Lambda retries a failed asynchronous invocation at most twice. */
const MAX_ASYNC_RETRIES = 2;

export class EventsStack extends Stack {
  readonly functions = new Map<string, AppFunction>();

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);

    for (const rule of props.rules) {
      const spec = eventFunction(rule);
      const fn = applyGrants(
        new AppFunction(this, `event-${rule.name}`, { spec, logRetention: props.logRetention, logLevel: props.logLevel }),
        rule.grants,
        props.targets,
      );
      this.functions.set(rule.name, fn);

      const dlq = deadLetterQueue(this, `event-${rule.name}-dlq`, `event rule ${rule.name}`);
      dlqAlarm(this, `event-${rule.name}-dlq-alarm`, dlq, `event rule ${rule.name}`, props.alarms);

      // Two hops, both retried, both ending in the rule's DLQ: EventBridge → Lambda (the target's
      // retry policy covers delivery: throttling, service errors) and the handler itself (Lambda's
      // asynchronous retries cover a thrown error, as the local bus retries `rule.retries` times).
      if (rule.retries > MAX_ASYNC_RETRIES) {
        Annotations.of(fn).addWarningV2(
          'service-desk:eventRetries',
          `Rule ${rule.name} asks for ${rule.retries} retries; Lambda retries a failed handler at most ${MAX_ASYNC_RETRIES} times.`,
        );
      }
      fn.configureAsyncInvoke({
        retryAttempts: Math.min(rule.retries, MAX_ASYNC_RETRIES),
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(dlq),
      });
      new Rule(this, `rule-${rule.name}`, {
        eventBus: props.bus,
        description: `${rule.events.join(', ')} → ${rule.target}`,
        eventPattern: { source: [EVENT_SOURCE], detailType: [...rule.events] },
        targets: [
          new targets.LambdaFunction(fn, {
            retryAttempts: rule.retries,
            maxEventAge: Duration.hours(24),
            deadLetterQueue: dlq,
          }),
        ],
      });
    }
  }
}
