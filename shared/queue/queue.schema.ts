// SPEC Queue as requests send it (responses add id, isDefault derived, version, createdAt, updatedAt).
import * as z from 'zod';
import { putBody } from '../platform/config-write.ts';
import { repeats } from '../settings/settings.rules.ts';

export const queueMemberSchema = z.strictObject({
  userId: z.string().trim().min(1).max(200),
  role: z.enum(['member', 'lead']),
  priorityWeight: z.number().int().min(1).max(100),
  onBreak: z.boolean(),
});

/** A queue's members: each user once. */
export const queueMembersSchema = z
  .array(queueMemberSchema)
  .max(200)
  .superRefine((members, ctx) => {
    for (const i of repeats(members.map((m) => m.userId))) ctx.addIssue({ code: 'custom', path: [i, 'userId'], message: 'This user is already a member' });
  });

export const queueInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).optional(),
  /** true makes this queue the tenant's default; false on the current default is refused (choose another). Absent: unchanged. */
  isDefault: z.boolean().optional(),
  autoAssign: z.boolean().default(true),
  members: queueMembersSchema.default([]),
});
export type QueueInput = z.output<typeof queueInputSchema>;

/** A queue PUT: what GET returned, edited (id, version, createdAt, updatedAt ignored). */
export const queuePutSchema = putBody(queueInputSchema);

/** `PUT …/queues/{id}/members`: the list itself (SPEC), or `{members: [...]}`. */
export const queueMembersBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).join() === 'members' ? (body as { members: unknown }).members : body),
  queueMembersSchema,
);
