// What the browser talks to: the HTTP API (its routes are added by the api stack), the private site
// bucket behind CloudFront, and the attachment bucket the browser uploads to with presigned URLs.
//
// The HTTP API lives here, not in the api stack, to break a circle: the functions need the user
// pool client's id (AUTH_CLIENT_ID), the client needs the site's URL as its callback, and the site's
// URL is the distribution, whose `/api/*` origin is the HTTP API. So: HTTP API and distribution
// (here) → user pool client (auth) → functions and routes (api) → site files (site).
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { notify, type AlarmTarget } from '../alarms.ts';

export type EdgeStackProps = StackProps & {
  domainName?: string;
  certificateArn?: string;
  apiRateLimit: number;
  apiBurstLimit: number;
  logRetention: logs.RetentionDays;
  alarms: AlarmTarget;
};

/** Paths CloudFront sends to the HTTP API instead of the site bucket. */
export const API_PATHS = ['/api/*', '/webhooks/*'] as const;

/**
 * Single-page app: a path without a file extension is a client-side route, so it gets index.html.
 * Done per request on the site's behaviour only — distribution-wide error responses would also
 * turn the API's own 403/404 answers into index.html.
 */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

export class EdgeStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly distribution: cloudfront.Distribution;
  readonly siteBucket: s3.Bucket;
  readonly attachmentBucket: s3.Bucket;
  /** `https://…` of the site: the custom domain, or the distribution's. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);

    // Server access logs of both buckets and CloudFront's standard logs, kept 90 days.
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(logBucket, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging its own access would log forever.' },
    ]);

    this.siteBucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // HTTP API: no CORS (the browser reaches it through the distribution, one origin), throttled
    // stage-wide, access logs as JSON. HTTP APIs have no X-Ray tracing; the functions trace.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${id}-api`,
      description: 'Service desk API (routes from shared/system/routes.ts)',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention });
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiRateLimit, burstLimit: props.apiBurstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    notify(
      new cloudwatch.Alarm(this, 'Api5xx', {
        alarmDescription: 'The HTTP API answered 5xx: see the functions\' logs (correlation id in the response).',
        metric: this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 5,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      props.alarms,
    );

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Service desk security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Uploads and previews go straight to S3 with presigned URLs; sign-in goes through the
          // Cognito hosted UI. (A wildcard for the bucket: naming it here would make the bucket's
          // CORS, which names the distribution, and the distribution refer to each other.)
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            `img-src 'self' data: blob: https://*.s3.${this.region}.amazonaws.com`,
            `connect-src 'self' https://*.s3.${this.region}.amazonaws.com https://*.amazoncognito.com https://cognito-idp.${this.region}.amazonaws.com`,
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self' https://*.amazoncognito.com",
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const apiOrigin = new origins.HttpOrigin(`${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Authorization, query strings and the body reach the API; Host must stay API Gateway's.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Service desk: site and /api',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.domainName && certificate
        ? { domainNames: [props.domainName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'SpaRewrite', {
              comment: 'SPA fallback: client-side routes get index.html',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATHS.map((p) => [p, apiBehavior])),
    });
    this.siteUrl = props.domainName ? `https://${props.domainName}` : `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl, description: 'The service desk' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: 'Where a custom domain points (CNAME or alias record)',
    });

    // Attachments: private; the browser PUTs and GETs with presigned URLs, from the site only.
    this.attachmentBucket = new s3.Bucket(this, 'Attachments', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'attachments/',
      cors: [
        {
          allowedOrigins: [this.siteUrl],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
          allowedHeaders: ['content-type'],
          exposedHeaders: ['etag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Tenants and their customers may be anywhere: no geographic restriction.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'AWS WAF has a monthly charge per web ACL and rule, against the "nothing at rest" cost goal; the API throttles at the stage and every route checks its token. Attach a web ACL per deployment if needed.',
      },
      ...(props.domainName
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason: "Without a custom domain the distribution uses CloudFront's default certificate, whose security policy CloudFront fixes; with domainName + certificateArn the minimum is TLSv1.2_2021.",
            },
          ]),
    ]);
  }
}
