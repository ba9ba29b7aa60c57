import { httpHandler } from '../../../functions/lib/http.ts';

export const handler = httpHandler({}, async () => ({ status: 200, body: { status: 'ok' } }));
