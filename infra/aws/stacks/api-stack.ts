// The HTTP functions and their routes: one Lambda per function group of routes.ts (local-only
// routes are absent), every route of the group integrated with it, and `$default` with the
// not-found handler's group. Grants come from the group's declaration.
import { Annotations, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { notify, type AlarmTarget } from '../alarms.ts';
import { AppFunction, applyGrants, type GrantTargets } from '../app-function.ts';
import { DEFAULT_ROUTE_KEY, httpFunctions, type AppSystem } from '../system.ts';

export type ApiStackProps = StackProps & {
  system: AppSystem;
  httpApi: apigw.IHttpApi;
  targets: GrantTargets;
  issuer: string;
  clientId: string;
  logRetention: logs.RetentionDays;
  logLevel: string;
  alarms: AlarmTarget;
};

/** API Gateway gives up on an integration after 30 s. */
const MAX_INTEGRATION_SECONDS = 29;

export class ApiStack extends Stack {
  /** The function of each function group, by group name. */
  readonly functions = new Map<string, AppFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);

    for (const spec of httpFunctions(props.system)) {
      if (spec.timeoutSeconds > MAX_INTEGRATION_SECONDS) {
        Annotations.of(this).addWarningV2(
          'service-desk:httpTimeout',
          `Function group ${spec.name} has a ${spec.timeoutSeconds} s timeout; API Gateway answers 503 after 30 s.`,
        );
      }
      const fn = new AppFunction(this, `http-${spec.name}`, { spec, logRetention: props.logRetention, logLevel: props.logLevel });
      applyGrants(fn, spec.grants, props.targets);
      // Token verification settings for groups with declared routes ($default alone verifies nothing).
      if (spec.routes.some((r) => r.routeKey !== DEFAULT_ROUTE_KEY)) fn.bindAuth(props.issuer, props.clientId);
      this.functions.set(spec.name, fn);

      const integration = new HttpLambdaIntegration(`http-${spec.name}-integration`, fn);
      for (const { routeKey } of spec.routes) {
        // The id is the route key itself ('/' becomes '--'): unique whatever the path.
        const route = new apigw.HttpRoute(this, `route ${routeKey}`, {
          httpApi: props.httpApi,
          routeKey: routeKey === DEFAULT_ROUTE_KEY ? apigw.HttpRouteKey.DEFAULT : parseRouteKey(routeKey),
          integration,
        });
        NagSuppressions.addResourceSuppressions(route, [
          {
            id: 'AwsSolutions-APIG4',
            reason:
              'Authorized in the function from the route declaration (access in routes.ts): the Cognito ID token is verified with aws-jwt-verify, the same code as the local runtime; public routes (webhooks, $default) are public by design.',
          },
        ]);
      }
    }

    // No function reserves concurrency, so throttling happens in the region's shared pool: one
    // alarm on the region-wide metric sees every function's throttles (a dedicated account is
    // assumed; per-function alarms would each cost at rest).
    notify(
      new cloudwatch.Alarm(this, 'LambdaThrottles', {
        alarmDescription: "Lambda throttled invocations in this region (the account's concurrency is exhausted).",
        metric: new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      props.alarms,
    );
  }
}

function parseRouteKey(routeKey: string): apigw.HttpRouteKey {
  const [method, path] = routeKey.split(' ') as [string, string];
  const httpMethod = apigw.HttpMethod[method as keyof typeof apigw.HttpMethod];
  if (!httpMethod || !path) throw new Error(`Not a route key: ${routeKey}`);
  return apigw.HttpRouteKey.with(path, httpMethod);
}
