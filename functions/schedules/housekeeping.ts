import { runHousekeeping } from '../../shared/platform/housekeeping.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('housekeeping', async (_event: unknown, deps) => {
  const result = await runHousekeeping(deps);
  if (result.republished || result.expiredRecords) deps.logger.info('Housekeeping', { ...result });
  return result;
});
