import { describeMe } from '../../../shared/identity/me.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ actor }) => ({ status: 200, body: describeMe(actor) }));
