// Canned response shapes (SPEC §4 CannedResponse): the API's input schemas, shared with the web.
import * as z from 'zod';

/** Templates are read with the tenant's configuration on every render, so they stay small. */
export const MAX_TEMPLATE_BYTES = 16 * 1024;

const helpTopicId = z.string().trim().min(1).max(100);

export const cannedResponseBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1, 'A template is required'),
  /** Absent (or null) = global. */
  helpTopicId: helpTopicId.nullable().optional(),
});
export type CannedResponseInput = z.infer<typeof cannedResponseBodySchema>;

export const listCannedQuerySchema = z.strictObject({ helpTopicId: helpTopicId.optional() });
export const renderQuerySchema = z.strictObject({ ticket: z.string().trim().min(1).max(20) });
export const previewSchema = z.strictObject({ body: z.string(), ticket: z.string().trim().min(1).max(20).optional() });

/** SPEC CannedResponse as the API answers it. */
export type CannedResponse = { id: string; title: string; body: string; helpTopicId?: string; version: number; createdAt: string; updatedAt: string };
