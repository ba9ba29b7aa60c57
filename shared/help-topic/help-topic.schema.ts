// SPEC HelpTopic as requests send it (responses add id, version, createdAt, updatedAt).
import * as z from 'zod';
import { putBody } from '../platform/config-write.ts';
import { priorities } from '../settings/settings.schema.ts';

export const helpTopicDefaultsSchema = z.strictObject({
  priority: z.enum(priorities).optional(),
  queueId: z.string().trim().min(1).max(200).optional(),
  assigneeId: z.string().trim().min(1).max(200).optional(),
  /** Resolution due time after create, in business hours; overrides the priority's target. */
  dueOffsetHours: z.number().min(0).max(8760).optional(),
});

export const helpTopicInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).optional(),
  /** false hides the topic from the create form; tickets that carry it keep it. */
  active: z.boolean().default(true),
  defaults: helpTopicDefaultsSchema.default({}),
});
export type HelpTopicInput = z.output<typeof helpTopicInputSchema>;

/** A help topic PUT: what GET returned, edited (id, version, createdAt, updatedAt ignored). */
export const helpTopicPutSchema = putBody(helpTopicInputSchema);
