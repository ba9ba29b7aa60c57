// The AWS app: its stacks, in an order where nothing refers in a circle.
//
//   Data (table, bus, work queues + DLQs)
//    └► Edge (HTTP API without routes, CloudFront, site/attachment/log buckets)
//        └► Auth (user pool; its web client's callback is the site URL)
//            └► Api (HTTP functions + routes; AUTH_CLIENT_ID from Auth)
//                └► Site (web/dist + config.json naming the client: last)
//   Events, Schedules, Queues (rules, schedules, consumers) come after Data (and Edge when a grant
//   names the attachment bucket); they are absent while their declaration lists are empty.
//
// Edge holds the HTTP API (without routes) and the distribution, so the user pool client (Auth)
// can name the site URL as its callback; the functions (Api) then read the client's id, and the
// site's config.json names it too. Everything the stacks build comes from the declarations
// (`system`), so a later issue adds a route, rule, schedule or queue without touching this file.
import { type App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { GrantTargets } from './app-function.ts';
import { configFromContext, type AppConfig } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { QueuesStack } from './stacks/queues-stack.ts';
import { SchedulesStack } from './stacks/schedules-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
import { assertHandlersExist, productApp, type AppSystem } from './system.ts';

export type ServiceDeskProps = {
  /** The declarations to deploy; the product's by default, fixtures in tests. */
  system?: AppSystem;
  /** Settings over the context's (tests pass `siteDir`). */
  config?: Partial<AppConfig>;
  /** Run cdk-nag's AwsSolutions checks (errors fail the synth). Default true. */
  nag?: boolean;
};

export type ServiceDesk = {
  data: DataStack;
  edge: EdgeStack;
  auth: AuthStack;
  api: ApiStack;
  /** Absent while the declarations have no event rule (CloudFormation refuses an empty stack). */
  events?: EventsStack;
  /** Absent while there is no schedule. */
  schedules?: SchedulesStack;
  /** Absent while there is no work queue. */
  queues?: QueuesStack;
  site: SiteStack;
};

export function createServiceDesk(app: App, props: ServiceDeskProps = {}): ServiceDesk {
  const system = props.system ?? productApp;
  assertHandlersExist(system);
  const config = configFromContext(app.node, props.config);
  const name = (part: string) => `${config.prefix}-${part}`;
  const common = { logRetention: config.logRetention, logLevel: config.logLevel };

  const data = new DataStack(app, name('Data'), {
    description: 'Service desk: table, event bus, work queues',
    queues: system.queues,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
  });
  const edge = new EdgeStack(app, name('Edge'), {
    description: 'Service desk: HTTP API, CloudFront, site and attachment buckets',
    ...(config.domainName ? { domainName: config.domainName } : {}),
    ...(config.certificateArn ? { certificateArn: config.certificateArn } : {}),
    apiRateLimit: config.apiRateLimit,
    apiBurstLimit: config.apiBurstLimit,
    logRetention: config.logRetention,
    alarms: data.alarms,
  });
  const auth = new AuthStack(app, name('Auth'), {
    description: 'Service desk: Cognito user pool, groups, hosted UI, web client',
    siteUrl: edge.siteUrl,
    ...(config.authDomainPrefix ? { domainPrefix: config.authDomainPrefix } : {}),
    table: data.table,
    ...common,
  });

  const targets: GrantTargets = {
    table: data.table,
    bus: data.bus,
    queues: data.workQueues,
    bucket: edge.attachmentBucket,
    secretName: config.secretName,
  };

  const events = system.eventRules.length === 0 ? undefined : new EventsStack(app, name('Events'), {
    description: 'Service desk: event rules (shared/system/events.ts) and their targets',
    rules: system.eventRules,
    bus: data.bus,
    targets,
    alarms: data.alarms,
    ...common,
  });
  const schedules = system.schedules.length === 0 ? undefined : new SchedulesStack(app, name('Schedules'), {
    description: 'Service desk: schedules (shared/system/schedules.ts)',
    schedules: system.schedules,
    targets,
    alarms: data.alarms,
    ...common,
  });
  const queues = system.queues.length === 0 ? undefined : new QueuesStack(app, name('Queues'), {
    description: 'Service desk: work-queue consumers (shared/system/queues.ts)',
    queues: system.queues,
    targets,
    ...common,
  });
  const api = new ApiStack(app, name('Api'), {
    description: 'Service desk: HTTP functions and routes (shared/system/routes.ts)',
    system,
    httpApi: edge.httpApi,
    targets,
    issuer: auth.issuer,
    clientId: auth.client.userPoolClientId,
    alarms: data.alarms,
    ...common,
  });
  const site = new SiteStack(app, name('Site'), {
    description: 'Service desk: the web app and its config.json',
    siteDir: config.siteDir,
    bucket: edge.siteBucket,
    distribution: edge.distribution,
    config: {
      auth: 'cognito',
      region: auth.region,
      userPoolId: auth.userPool.userPoolId,
      clientId: auth.client.userPoolClientId,
      hostedUiDomain: auth.domain.baseUrl(),
      redirectUri: auth.callbackUrl,
      signOutUri: auth.callbackUrl,
    },
  });
  // The site's files go last, after the functions that answer its API calls.
  site.addStackDependency(api);

  if (props.nag ?? true) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { data, edge, auth, api, site, ...(events && { events }), ...(schedules && { schedules }), ...(queues && { queues }) };
}
