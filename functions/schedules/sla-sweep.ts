import { runSlaSweep } from '../../shared/sla/sla-sweep.service.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('sla-sweep', async (_event: unknown, deps) => {
  const result = await runSlaSweep(deps);
  if (result.read) deps.logger.info('SLA sweep', { ...result });
  return result;
});
