// The consumer of each work queue of queues.ts (the queues themselves are in the data stack, so any
// function can send to them): an event-source mapping with partial batch responses, so one bad
// message is retried (and finally dead-lettered) without the rest of its batch.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { QueueDecl } from '../../../shared/system/queues.ts';
import { AppFunction, applyGrants, type GrantTargets } from '../app-function.ts';
import { queueFunction } from '../system.ts';

export type QueuesStackProps = StackProps & {
  queues: readonly QueueDecl[];
  targets: GrantTargets;
  logRetention: logs.RetentionDays;
  logLevel: string;
};

export class QueuesStack extends Stack {
  readonly functions = new Map<string, AppFunction>();

  constructor(scope: Construct, id: string, props: QueuesStackProps) {
    super(scope, id, props);

    for (const decl of props.queues) {
      const queue = props.targets.queues.get(decl.name);
      if (!queue) throw new Error(`Queue ${decl.name} was not created`);
      const spec = queueFunction(decl);
      const fn = applyGrants(
        new AppFunction(this, `queue-${decl.name}`, { spec, logRetention: props.logRetention, logLevel: props.logLevel }),
        decl.grants,
        props.targets,
      );
      fn.addEventSource(new SqsEventSource(queue, { batchSize: decl.batchSize, reportBatchItemFailures: true }));
      this.functions.set(decl.name, fn);
    }
  }
}
