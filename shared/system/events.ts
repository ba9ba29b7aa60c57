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

export const eventRules: EventRule[] = [
  {
    // Routing rules, fallback queues and auto-assignment (SPEC §3 Routing rules, Queues).
    name: 'route-ticket',
    events: ['ticket.created', 'ticket.updated'],
    target: 'functions/events/route-ticket',
    grants: { table: 'readwrite', bus: true },
    retries: 2,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    // Each agent's count of open and pending tickets, which auto-assignment balances.
    name: 'track-agent-load',
    events: ['ticket.created', 'ticket.updated'],
    target: 'functions/events/track-agent-load',
    grants: { table: 'readwrite' },
    retries: 2,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    // The SLA dashboard's counters and daily aggregates.
    name: 'track-dashboard',
    events: ['ticket.created', 'ticket.updated', 'ticket.sla_breached'],
    target: 'functions/events/track-dashboard',
    grants: { table: 'readwrite' },
    retries: 2,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    // A notification for each lead of the escalated ticket's queue.
    name: 'notify-leads',
    events: ['ticket.escalated'],
    target: 'functions/events/notify-leads',
    grants: { table: 'readwrite' },
    retries: 2,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  {
    // An agent's reply on a chat ticket, to the customer's phone through whatsapp-outbound (or
    // marked not delivered outside WhatsApp's 24-hour window).
    name: 'send-whatsapp-reply',
    events: ['ticket.replied'],
    target: 'functions/events/send-whatsapp-reply',
    grants: { table: 'readwrite', queues: ['whatsapp-outbound'] },
    retries: 2,
    memoryMb: 256,
    timeoutSeconds: 30,
  },
];
