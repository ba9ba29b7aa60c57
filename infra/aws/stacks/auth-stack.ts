// Cognito: the user pool with SPEC §2's groups and the custom attributes the API reads from ID
// tokens (`custom:tenants`, `custom:bp_id`, `custom:contact_id`), the hosted-UI domain, and the
// web's app client. Users never write their own custom attributes: the app client's write
// attributes leave them out, so only admin APIs (the coming `npm run user:add`) set them.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { roles } from '../../../shared/identity/permissions.ts';
import { AppFunction } from '../app-function.ts';
import type { FunctionSpec } from '../system.ts';

export type AuthStackProps = StackProps & {
  /** The site, for the hosted UI's callback and sign-out URLs. */
  siteUrl: string;
  /** Default: `service-desk-<account id>` (unique per account; one pool per region). */
  domainPrefix?: string;
  /** The user directory the sign-in triggers keep current. */
  table: dynamodb.ITable;
  logRetention: logs.RetentionDays;
  logLevel: string;
};

/** The post-confirmation and post-authentication trigger: writes the user into the directory. */
export const SYNC_USER: FunctionSpec = {
  kind: 'trigger',
  name: 'sync-user',
  routes: [{ routeKey: '*', handler: 'functions/cognito/sync-user' }],
  grants: { table: 'readwrite' },
  memoryMb: 256,
  timeoutSeconds: 5,
};

/** Where the hosted UI sends the browser back to: the web's sign-in page handles `?code=`. */
export const CALLBACK_PATH = '/sign-in';

export const CUSTOM_ATTRIBUTES = ['tenants', 'bp_id', 'contact_id'] as const;

export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The ID tokens' `iss`: what AUTH_ISSUER is set to. */
  readonly issuer: string;
  readonly callbackUrl: string;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);

    this.userPool = new cognito.UserPool(this, 'Users', {
      // Users are created by admins (user:add); customers do not sign themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        tenants: new cognito.StringAttribute({ mutable: true, minLen: 0, maxLen: 2048 }),
        bp_id: new cognito.StringAttribute({ mutable: true, minLen: 0, maxLen: 256 }),
        contact_id: new cognito.StringAttribute({ mutable: true, minLen: 0, maxLen: 256 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP offered to every user): customers sign in occasionally from the portal and requiring an authenticator app would lock them out; admins can be required to enrol by policy.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan is billed per monthly active user, well above Essentials; its threat protection can be switched on per deployment without code changes.',
      },
    ]);

    for (const role of roles) {
      this.userPool.addGroup(role, { groupName: role, description: `SPEC §2 role ${role}` });
    }

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `service-desk-${this.account}` },
    });

    this.callbackUrl = `${props.siteUrl}${CALLBACK_PATH}`;
    this.client = this.userPool.addClient('Web', {
      userPoolClientName: 'web',
      generateSecret: false, // a browser app: authorization code with PKCE, no secret
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.callbackUrl],
        logoutUrls: [this.callbackUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Not the custom attributes: tenants and partner links are set by admins only.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    // At confirmation and every sign-in the user's groups and tenants reach the directory that
    // `GET /api/tenants/{t}/agents` reads, so changes show from the next sign-in.
    const sync = new AppFunction(this, 'trigger-sync-user', { spec: SYNC_USER, logRetention: props.logRetention, logLevel: props.logLevel });
    sync.bindTable(props.table, 'readwrite');
    this.userPool.addTrigger(cognito.UserPoolOperation.POST_CONFIRMATION, sync);
    this.userPool.addTrigger(cognito.UserPoolOperation.POST_AUTHENTICATION, sync);
    // Reading the user's groups needs the pool's ARN: a policy of its own, so the pool (which names
    // the function) and the function's role do not refer to each other in a circle.
    new iam.Policy(this, 'SyncUserGroups', {
      roles: [sync.role!],
      statements: [new iam.PolicyStatement({ actions: ['cognito-idp:AdminListGroupsForUser'], resources: [this.userPool.userPoolArn] })],
    });

    this.issuer = this.userPool.userPoolProviderUrl;
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'For npm run user:add and the AWS console' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', { value: this.domain.baseUrl() });
  }
}
