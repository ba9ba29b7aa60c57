// user:add against a mocked Cognito (the requests it sends) and the real directory on dynalite.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserRepo } from '../../shared/identity/user.repo.ts';
import { startTestTable, type TestTable } from '../local/testing.ts';
import { addUser, fromOutputs, userInputSchema } from './user-add.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

describe('user:add', () => {
  it('creates the Cognito user with its attributes and group, and its directory entry', async () => {
    const cognito = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const mock = mockClient(cognito);
    mock.on(AdminCreateUserCommand).resolves({ User: { Username: 'ada@acme.test', Attributes: [{ Name: 'sub', Value: 'sub-ada' }] } });
    mock.on(AdminAddUserToGroupCommand).resolves({});
    const input = userInputSchema.parse({ email: 'Ada@Acme.test', name: 'Ada Park', role: 'service-desk-admin', tenants: 'acme, globex' });
    expect(await addUser({ cognito, db, userPoolId: 'eu-west-1_pool', now: new Date('2026-01-01T00:00:00Z') }, input)).toEqual({ id: 'sub-ada' });

    expect(mock.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-1_pool',
      Username: 'ada@acme.test',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [
        { Name: 'email', Value: 'ada@acme.test' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Ada Park' },
        { Name: 'custom:tenants', Value: 'acme,globex' },
      ],
    });
    expect(mock.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-1_pool', Username: 'ada@acme.test', GroupName: 'service-desk-admin' });
    const users = createUserRepo(db);
    expect(await users.get('sub-ada')).toMatchObject({ email: 'ada@acme.test', roles: ['service-desk-admin'], tenants: ['acme', 'globex'] });
    expect((await users.listMembers('globex')).map((m) => m.userId)).toEqual(['sub-ada']);
  });

  it('refuses a customer without a partner or with several tenants, and an unknown role', () => {
    expect(userInputSchema.safeParse({ email: 'c@x.test', role: 'service-desk-customer', tenants: 'acme' }).success).toBe(false);
    expect(userInputSchema.safeParse({ email: 'c@x.test', role: 'service-desk-customer', tenants: 'acme,globex', bp: 'BP-1' }).success).toBe(false);
    expect(userInputSchema.safeParse({ email: 'c@x.test', role: 'service-desk-customer', tenants: 'acme', bp: 'BP-1' }).success).toBe(true);
    expect(userInputSchema.safeParse({ email: 'x@x.test', role: 'root', tenants: 'acme' }).success).toBe(false);
  });

  it('reads the pool and the table from the deploy outputs file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-outputs-'));
    const file = join(dir, 'cdk-outputs.json');
    writeFileSync(file, JSON.stringify({ 'ServiceDesk-Auth': { UserPoolId: 'eu-west-1_abc', UserPoolClientId: 'c' }, 'ServiceDesk-Data': { TableName: 'ServiceDesk-Data-Table' } }));
    expect(fromOutputs(file)).toEqual({ userPoolId: 'eu-west-1_abc', tableName: 'ServiceDesk-Data-Table' });
    expect(fromOutputs(join(dir, 'missing.json'))).toEqual({});
    rmSync(dir, { recursive: true, force: true });
  });
});
