import { runHousekeeping } from '../../shared/platform/housekeeping.ts';
import { runBackfill } from '../../shared/ticket/ticket-backfill.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('housekeeping', async (_event: unknown, deps) => {
  // One GetItem when the data is current; after a deploy that needs it, the backfill itself.
  const backfill = await runBackfill(deps);
  if (backfill.ran) deps.logger.info('Backfill', { ...backfill });
  const result = await runHousekeeping(deps);
  if (result.republished || result.expiredRecords) deps.logger.info('Housekeeping', { ...result });
  return { ...result, backfill };
});
