import { httpHandler } from '../../../functions/lib/http.ts';
import { currentRuntime } from '../current.ts';

export const handler = httpHandler({}, async () => ({ status: 200, body: { items: currentRuntime().whatsapp.items() } }));
