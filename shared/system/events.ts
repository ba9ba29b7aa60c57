// Every event of the product (SPEC §5) with its envelope, and the rules that send events to
// handler modules. EventBridge rules on AWS and the in-process bus locally are both made from
// `eventRules`.
import * as z from 'zod';
import type { Grants } from './grants.ts';

export const EVENT_SOURCE = 'service-desk';

export const eventNames = [
  'ticket.created',
  'ticket.updated',
  'ticket.replied',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.sla_breached',
  'ticket.escalated',
] as const;
export type EventName = (typeof eventNames)[number];

const actorSchema = z.object({ id: z.string(), type: z.enum(['agent', 'customer', 'system']) });
const changeSchema = z.object({ from: z.unknown(), to: z.unknown() });

/** The `data` of each event, where the event has one. */
export const eventDataSchemas = {
  'ticket.created': z.undefined(),
  'ticket.updated': z.undefined(),
  'ticket.replied': z.object({
    entryId: z.string(),
    kind: z.enum(['reply', 'internal_note']),
    authorType: z.enum(['agent', 'customer', 'system']),
  }),
  'ticket.status_changed': z.undefined(),
  'ticket.assigned': z.undefined(),
  'ticket.sla_breached': z.object({ breach: z.enum(['first_response', 'resolution']) }),
  'ticket.escalated': z.object({
    reason: z.enum(['rule', 'sla']),
    ruleId: z.string().optional(),
    level: z.number().int().min(1),
  }),
} satisfies Record<EventName, z.ZodType>;

export const envelopeSchema = z.object({
  eventId: z.string().min(1),
  tenantId: z.string().min(1),
  number: z.string(),
  version: z.number().int().min(0),
  occurredAt: z.string(),
  actor: actorSchema,
  changes: z.record(z.string(), changeSchema).optional(),
  data: z.unknown().optional(),
  /** The ticket after the change. */
  ticket: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof envelopeSchema>;

/** An event as it travels: the name is EventBridge's detail-type, the envelope its detail. */
export type BusEvent = { name: EventName; detail: EventEnvelope };

/** Validates an envelope and its `data` against the schema of the event's name. */
export function parseEnvelope(name: EventName, value: unknown): EventEnvelope {
  const envelope = envelopeSchema.parse(value);
  eventDataSchemas[name].parse(envelope.data);
  return envelope;
}

export type EventRule = {
  /** Unique, used for the EventBridge rule's id and in logs. */
  name: string;
  events: EventName[];
  /** Handler module, relative to the repository root, without extension; exports `handler`. */
  target: string;
  grants: Grants;
  /** Retries after a failed delivery before the event goes to the rule's dead-letter queue (0–2 on AWS, where Lambda retries). */
  retries: number;
  memoryMb: number;
  timeoutSeconds: number;
};

// Routing and the SLA engine add their rules here.
export const eventRules: EventRule[] = [];
