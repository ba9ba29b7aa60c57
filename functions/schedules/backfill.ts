import { runBackfill } from '../../shared/ticket/ticket-backfill.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('backfill', async (_event: unknown, deps) => {
  // One GetItem while the data is current; after a deploy that needs it, the backfill itself.
  const result = await runBackfill(deps);
  if (result.ran) deps.logger.info('Backfill', { ...result });
  return result;
});
