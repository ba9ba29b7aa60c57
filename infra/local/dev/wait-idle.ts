import { httpHandler } from '../../../functions/lib/http.ts';
import { currentRuntime } from '../current.ts';

// Answers when the event bus and the queues are drained, so tests need not sleep.
export const handler = httpHandler({}, async () => {
  await currentRuntime().activity.idle();
  return { status: 200, body: { idle: true } };
});
