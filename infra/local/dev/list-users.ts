import { httpHandler } from '../../../functions/lib/http.ts';
import { seedUsers } from '../seed-data.ts';

// The seeded users, for the local sign-in page.
export const handler = httpHandler({}, async () => ({
  status: 200,
  body: { items: seedUsers.map((u) => ({ email: u.email, name: u.name, roles: [u.role], tenants: u.tenants })) },
}));
