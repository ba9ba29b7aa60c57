import * as z from 'zod';
import { httpHandler } from '../../../functions/lib/http.ts';
import { createUserRepo } from '../../../shared/identity/user.repo.ts';
import { AppError } from '../../../shared/platform/errors.ts';
import { currentRuntime } from '../current.ts';

const body = z.strictObject({ email: z.string().trim().toLowerCase().email() });

// Signs an ID token with the claims Cognito would put in it for this directory user.
export const handler = httpHandler({ body }, async ({ body, deps }) => {
  const user = await createUserRepo(deps.db).findByEmail(body.email);
  if (!user) throw new AppError('not_found', `No user ${body.email}`);
  const token = currentRuntime().issuer.sign({
    sub: user.id,
    name: user.name,
    email: user.email,
    email_verified: true,
    'cognito:username': user.id,
    'cognito:groups': user.roles,
    'custom:tenants': user.tenants.join(','),
    ...(user.bpId ? { 'custom:bp_id': user.bpId } : {}),
    ...(user.contactId ? { 'custom:contact_id': user.contactId } : {}),
  });
  return { status: 200, body: { token } };
});
