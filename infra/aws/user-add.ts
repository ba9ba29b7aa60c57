// `npm run user:add -- --email … --role … --tenants … [--bp …] [--contact …] [--name …]`: creates a
// Cognito user with its group and custom attributes, and its entry in the user directory — the way
// to make the first admin. Pool and table come from flags or from `cdk-outputs.json`
// (`npx cdk deploy --all --outputs-file cdk-outputs.json`).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { syncDirectoryUser } from '../../shared/identity/directory-sync.ts';
import { roles } from '../../shared/identity/permissions.ts';
import { createDb, type Db } from '../../shared/platform/db.ts';

export const userInputSchema = z
  .object({
    email: z.string().trim().toLowerCase().email(),
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(roles),
    tenants: z.string().transform((t) => [...new Set(t.split(',').map((x) => x.trim()).filter(Boolean))]).pipe(z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).min(1)),
    bp: z.string().trim().min(1).optional(),
    contact: z.string().trim().min(1).optional(),
  })
  .refine((u) => u.role !== 'service-desk-customer' || ((u.bp || u.contact) && u.tenants.length === 1), {
    message: 'A customer belongs to exactly one tenant and needs --bp or --contact',
  });
export type UserInput = z.output<typeof userInputSchema>;

export async function addUser(deps: { cognito: CognitoIdentityProviderClient; db: Db; userPoolId: string; now: Date }, input: UserInput): Promise<{ id: string }> {
  const attributes = [
    { Name: 'email', Value: input.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'name', Value: input.name ?? input.email },
    { Name: 'custom:tenants', Value: input.tenants.join(',') },
    ...(input.bp ? [{ Name: 'custom:bp_id', Value: input.bp }] : []),
    ...(input.contact ? [{ Name: 'custom:contact_id', Value: input.contact }] : []),
  ];
  // Cognito e-mails the user a temporary password and asks for a new one at first sign-in.
  const created = await deps.cognito.send(
    new AdminCreateUserCommand({ UserPoolId: deps.userPoolId, Username: input.email, UserAttributes: attributes, DesiredDeliveryMediums: ['EMAIL'] }),
  );
  await deps.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: deps.userPoolId, Username: input.email, GroupName: input.role }));
  const attrs = Object.fromEntries((created.User?.Attributes ?? []).map((a) => [a.Name!, a.Value]));
  const user = await syncDirectoryUser(deps.db, { ...Object.fromEntries(attributes.map((a) => [a.Name, a.Value])), sub: attrs.sub }, [input.role], deps.now);
  if (!user) throw new Error('Cognito did not return the new user’s id (sub)');
  return { id: user.id };
}

/** `UserPoolId` and `TableName` from the outputs file `cdk deploy --outputs-file` writes. */
export function fromOutputs(file: string): { userPoolId?: string; tableName?: string } {
  if (!existsSync(file)) return {};
  const stacks = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const all = Object.values(stacks).flatMap((outputs) => Object.entries(outputs));
  return { userPoolId: all.find(([k]) => k === 'UserPoolId')?.[1], tableName: all.find(([k]) => k === 'TableName')?.[1] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      tenants: { type: 'string' },
      bp: { type: 'string' },
      contact: { type: 'string' },
      'user-pool-id': { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      outputs: { type: 'string', default: 'cdk-outputs.json' },
    },
  });
  const parsed = userInputSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`user:add: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    console.error('usage: npm run user:add -- --email ada@example.com --role service-desk-admin --tenants acme [--name "Ada Park"] [--bp BP-1 | --contact C-1]');
    process.exit(2);
  }
  const outputs = fromOutputs(values.outputs!);
  const userPoolId = values['user-pool-id'] ?? outputs.userPoolId;
  const tableName = values.table ?? outputs.tableName;
  if (!userPoolId || !tableName) {
    console.error('user:add: pass --user-pool-id and --table, or deploy with `--outputs-file cdk-outputs.json` first');
    process.exit(2);
  }
  const region = values.region ?? process.env.AWS_REGION ?? userPoolId.split('_')[0];
  const { id } = await addUser(
    { cognito: new CognitoIdentityProviderClient({ region }), db: createDb(new DynamoDBClient({ region }), tableName), userPoolId, now: new Date() },
    parsed.data,
  );
  console.log(`Created ${parsed.data.email} (${parsed.data.role}, tenants ${parsed.data.tenants.join(', ')}), id ${id}. Cognito e-mailed a temporary password.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(`user:add failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
