// The deployment's settings, from CDK context (`-c key=value` or cdk.json's "context"). All are
// optional: a deploy with none of them gives a working app on the CloudFront domain.
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { join } from 'node:path';
import { repoRoot } from './system.ts';

export type AppConfig = {
  /** Stack name prefix: `<prefix>-Data`, `<prefix>-Edge`, … */
  prefix: string;
  /** Custom domain of the site (CloudFront alias); needs `certificateArn` (ACM, us-east-1). */
  domainName?: string;
  certificateArn?: string;
  /** Hosted-UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `service-desk-<account id>`. */
  authDomainPrefix?: string;
  /** A secret name of the declarations (`grants.secrets`) → its Secrets Manager name. */
  secretName: (name: string) => string;
  logRetention: logs.RetentionDays;
  logLevel: string;
  /** Stage-wide throttling of the HTTP API. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Alarm notifications by e-mail (an SNS topic); none by default. */
  alarmEmail?: string;
  /** The built web app (`web/dist`), deployed as the site. */
  siteDir: string;
};

export const defaultConfig: AppConfig = {
  prefix: 'ServiceDesk',
  secretName: (name) => `service-desk/${name}`,
  logRetention: logs.RetentionDays.ONE_MONTH,
  logLevel: 'INFO',
  apiRateLimit: 50,
  apiBurstLimit: 100,
  siteDir: join(repoRoot, 'web', 'dist'),
};

/**
 * Reads the context values: `prefix`, `domainName`, `certificateArn`, `authDomainPrefix`,
 * `secret:<name>` (e.g. `-c secret:whatsapp-access-token=prod/whatsapp/token`),
 * `logRetentionDays`, `logLevel`, `apiRateLimit`, `apiBurstLimit`, `alarmEmail`.
 */
export function configFromContext(node: Node, base: Partial<AppConfig> = {}): AppConfig {
  const str = (key: string): string | undefined => {
    const v = node.tryGetContext(key) as unknown;
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const num = (key: string, fallback: number): number => {
    const v = str(key);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`Context ${key} must be a positive number, got "${v}"`);
    return n;
  };
  const config: AppConfig = { ...defaultConfig, ...base };
  const domainName = str('domainName');
  const certificateArn = str('certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context domainName and certificateArn go together (an ACM certificate in us-east-1 for the domain)');
  }
  const retentionDays = num('logRetentionDays', config.logRetention);
  if (!Object.values(logs.RetentionDays).includes(retentionDays)) {
    throw new Error(`Context logRetentionDays must be one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, …), got ${retentionDays}`);
  }
  return {
    ...config,
    prefix: str('prefix') ?? config.prefix,
    domainName: domainName ?? config.domainName,
    certificateArn: certificateArn ?? config.certificateArn,
    authDomainPrefix: str('authDomainPrefix') ?? config.authDomainPrefix,
    secretName: (name) => str(`secret:${name}`) ?? config.secretName(name),
    logRetention: retentionDays as logs.RetentionDays,
    logLevel: str('logLevel') ?? config.logLevel,
    apiRateLimit: num('apiRateLimit', config.apiRateLimit),
    apiBurstLimit: num('apiBurstLimit', config.apiBurstLimit),
    alarmEmail: str('alarmEmail') ?? config.alarmEmail,
  };
}
