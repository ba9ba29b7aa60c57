// Cognito post-confirmation and post-authentication trigger: writes the user into the directory.
// A failure is logged and never blocks the sign-in.
import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PostAuthenticationTriggerEvent, PostConfirmationTriggerEvent } from 'aws-lambda';
import { syncDirectoryUser } from '../../shared/identity/directory-sync.ts';
import { jobHandler } from '../lib/job.ts';

type TriggerEvent = PostAuthenticationTriggerEvent | PostConfirmationTriggerEvent;

let cognito: CognitoIdentityProviderClient | undefined;

export async function groupsOf(client: CognitoIdentityProviderClient, userPoolId: string, userName: string): Promise<string[]> {
  const groups: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: userName, NextToken: token }));
    groups.push(...(page.Groups ?? []).map((g) => g.GroupName!).filter(Boolean));
    token = page.NextToken;
  } while (token);
  return groups;
}

export const handler = jobHandler('sync-user', async (event: TriggerEvent, deps) => {
  try {
    cognito ??= new CognitoIdentityProviderClient({ region: event.region });
    const groups = await groupsOf(cognito, event.userPoolId, event.userName);
    await syncDirectoryUser(deps.db, event.request.userAttributes, groups, deps.clock.now());
  } catch (err) {
    deps.logger.error('Directory sync failed', { userName: event.userName, error: err as Error });
  }
  return event;
});
