import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { groupsOf } from './sync-user.ts';

describe('groupsOf', () => {
  it('reads every page of the user’s groups from the pool', async () => {
    const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const mock = mockClient(client);
    mock
      .on(AdminListGroupsForUserCommand, { UserPoolId: 'pool', Username: 'ada', NextToken: undefined })
      .resolves({ Groups: [{ GroupName: 'service-desk-admin' }], NextToken: 't2' })
      .on(AdminListGroupsForUserCommand, { UserPoolId: 'pool', Username: 'ada', NextToken: 't2' })
      .resolves({ Groups: [{ GroupName: 'service-desk-agent' }] });
    expect(await groupsOf(client, 'pool', 'ada')).toEqual(['service-desk-admin', 'service-desk-agent']);
    expect(mock.commandCalls(AdminListGroupsForUserCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'pool', Username: 'ada', NextToken: undefined },
      { UserPoolId: 'pool', Username: 'ada', NextToken: 't2' },
    ]);
  });
});
