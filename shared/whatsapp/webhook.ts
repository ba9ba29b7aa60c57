// Meta's WhatsApp Cloud API webhooks: the verification handshake, the payload (entry → changes →
// value with `messages` and `statuses`) split into one queue item per message or status, and the
// webhook's one use case — check the signature, enqueue every item, so Meta gets its 200 at once.
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { AppError } from '../platform/errors.ts';
import type { Clock, QueueSender } from '../platform/ports.ts';
import { verifySignature } from './signature.ts';
import { INBOUND_QUEUE } from './whatsapp-config.ts';

// ——— queue items ———

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
const iso = z.iso.datetime({ offset: true });

export const deliveryStatuses = ['sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

const contentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  /** A tapped list row or reply button: its id (a skill name for the menu's rows). */
  z.strictObject({ type: z.literal('choice'), id: z.string(), title: z.string().optional() }),
  /** Images, audio, locations, …: the channel takes text only. */
  z.strictObject({ type: z.literal('unsupported'), messageType: z.string() }),
]);

export const inboundItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('message'),
    wamid: z.string().min(1).max(256),
    phoneNumberId: z.string().min(1).max(64),
    /** The sender, normalized to E.164 (Meta sends the digits without `+`). */
    from: e164,
    /** Meta's timestamp of the message. */
    sentAt: iso,
    /** The sender's WhatsApp profile name, when Meta sent it. */
    profileName: z.string().max(256).optional(),
    content: contentSchema,
  }),
  z.strictObject({
    kind: z.literal('status'),
    wamid: z.string().min(1).max(256),
    phoneNumberId: z.string().min(1).max(64),
    status: z.enum(deliveryStatuses),
    at: iso,
    recipient: z.string().optional(),
    /** Meta's error title/code of a `failed` status. */
    error: z.string().max(1000).optional(),
  }),
]);

export type InboundItem = z.infer<typeof inboundItemSchema>;
export type InboundMessage = Extract<InboundItem, { kind: 'message' }>;
export type StatusUpdate = Extract<InboundItem, { kind: 'status' }>;
export type InboundContent = InboundMessage['content'];

// ——— Meta's payload (only what is read; Meta adds fields freely) ———

const metaMessage = z.looseObject({
  from: z.string(),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      list_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string().optional() }).optional(),
});

const metaStatus = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

const metaValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

const metaPayload = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).optional() })),
});

/** Meta's `from` / `wa_id` (digits, no `+`) as E.164, or null when it is not a phone number. */
export function toE164(phone: string): string | null {
  const digits = phone.trim().replace(/^\+/, '').replace(/[\s-]/g, '');
  const normalized = `+${digits}`;
  return e164.safeParse(normalized).success ? normalized : null;
}

/** Meta's epoch-seconds timestamp as ISO, else `fallback`. */
function timeOf(timestamp: string | undefined, fallback: Date): string {
  const seconds = Number(timestamp);
  return timestamp && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : fallback.toISOString();
}

/** Kinds of message that ask for no answer (a reaction to our message, a number change notice). */
const SILENT_TYPES = new Set(['reaction', 'system', 'ephemeral']);

function contentOf(m: z.infer<typeof metaMessage>): InboundContent | null {
  if (m.type === 'text' && m.text) return { type: 'text', text: m.text.body };
  const reply = m.interactive?.list_reply ?? m.interactive?.button_reply;
  if (m.type === 'interactive' && reply) return { type: 'choice', id: reply.id, ...(reply.title ? { title: reply.title } : {}) };
  if (m.type === 'button' && m.button?.payload) return { type: 'choice', id: m.button.payload, ...(m.button.text ? { title: m.button.text } : {}) };
  if (SILENT_TYPES.has(m.type)) return null;
  return { type: 'unsupported', messageType: m.type };
}

export type SplitResult = { items: InboundItem[]; skipped: number };

/**
 * One queue item per message and per status update of a webhook payload. Items that do not parse
 * are skipped one by one (counted), so one odd message never costs the others.
 */
export function splitPayload(payload: unknown, receivedAt: Date): SplitResult {
  const parsed = metaPayload.safeParse(payload);
  if (!parsed.success || parsed.data.object !== 'whatsapp_business_account') return { items: [], skipped: 0 };
  const items: InboundItem[] = [];
  let skipped = 0;
  for (const change of parsed.data.entry.flatMap((e) => e.changes ?? [])) {
    if (change.field !== undefined && change.field !== 'messages') continue;
    const value = metaValue.safeParse(change.value);
    if (!value.success) {
      skipped++;
      continue;
    }
    const phoneNumberId = value.data.metadata.phone_number_id;
    const names = new Map((value.data.contacts ?? []).flatMap((c) => (c.wa_id && c.profile?.name ? [[c.wa_id, c.profile.name] as const] : [])));
    for (const raw of value.data.messages ?? []) {
      const m = metaMessage.safeParse(raw);
      const from = m.success ? toE164(m.data.from) : null;
      const content = m.success ? contentOf(m.data) : null;
      if (!m.success || !from) skipped++;
      if (!m.success || !from || !content) continue;
      const profileName = names.get(m.data.from);
      const item: InboundItem = { kind: 'message', wamid: m.data.id, phoneNumberId, from, sentAt: timeOf(m.data.timestamp, receivedAt), ...(profileName ? { profileName } : {}), content };
      if (inboundItemSchema.safeParse(item).success) items.push(item);
      else skipped++;
    }
    for (const raw of value.data.statuses ?? []) {
      const s = metaStatus.safeParse(raw);
      // Statuses other than the four delivery states (e.g. `deleted`) say nothing the thread shows.
      if (!s.success || !(deliveryStatuses as readonly string[]).includes(s.data.status)) {
        if (!s.success) skipped++;
        continue;
      }
      const error = s.data.errors?.[0];
      const item: InboundItem = {
        kind: 'status',
        wamid: s.data.id,
        phoneNumberId,
        status: s.data.status as DeliveryStatus,
        at: timeOf(s.data.timestamp, receivedAt),
        ...(s.data.recipient_id ? { recipient: s.data.recipient_id } : {}),
        ...(error ? { error: `${error.title ?? 'error'}${error.code !== undefined ? ` (${error.code})` : ''}` } : {}),
      };
      if (inboundItemSchema.safeParse(item).success) items.push(item);
      else skipped++;
    }
  }
  return { items, skipped };
}

// ——— the webhook ———

const sameText = (a: string, b: string): boolean => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** GET handshake: the challenge to echo when Meta subscribes with our verify token, else null (403). */
export function handshakeChallenge(query: Readonly<Record<string, string | undefined>>, verifyToken: string): string | null {
  const challenge = query['hub.challenge'];
  const token = query['hub.verify_token'];
  if (query['hub.mode'] !== 'subscribe' || token === undefined || !sameText(token, verifyToken)) return null;
  // Meta's challenge is a number; anything else is not echoed back.
  return challenge !== undefined && /^[\w.-]{1,256}$/.test(challenge) ? challenge : null;
}

export type WebhookResult = { messages: number; statuses: number; skipped: number };

/**
 * POST: verifies the signature over the raw bytes (401, nothing enqueued), then enqueues each item.
 * A failed send throws, so the webhook answers 500 and Meta retries the whole payload; items sent
 * before the failure come again then, and the worker's idempotency absorbs them.
 */
export async function receiveWebhook(
  ctx: { queue: QueueSender; clock: Clock },
  raw: Buffer,
  signature: string | undefined,
  appSecret: string,
): Promise<WebhookResult> {
  if (!verifySignature(raw, signature, appSecret)) throw new AppError('unauthorized', 'The X-Hub-Signature-256 header is missing, malformed or does not match the body');
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON');
  }
  const { items, skipped } = splitPayload(payload, ctx.clock.now());
  await Promise.all(items.map((item) => ctx.queue.send(INBOUND_QUEUE, item)));
  return { messages: items.filter((i) => i.kind === 'message').length, statuses: items.filter((i) => i.kind === 'status').length, skipped };
}

// ——— payloads as Meta sends them (the dev sender, tests, benches) ———

export type SimulatedMessage = {
  phoneNumberId: string;
  /** E.164 or bare digits; sent as Meta does, without `+`. */
  from: string;
  id: string;
  at: Date;
  profileName?: string;
} & ({ text: string } | { listReplyId: string; title?: string } | { mediaType: 'image' | 'audio' | 'location' | 'video' | 'document' | 'sticker' });

const waId = (phone: string) => phone.replace(/^\+/, '');

function envelope(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '0',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phoneNumberId, phone_number_id: phoneNumberId }, ...value } }],
      },
    ],
  };
}

/** A Cloud API webhook payload carrying one inbound message. */
export function messagePayload(m: SimulatedMessage): Record<string, unknown> {
  const base = { from: waId(m.from), id: m.id, timestamp: String(Math.floor(m.at.getTime() / 1000)) };
  const message =
    'text' in m
      ? { ...base, type: 'text', text: { body: m.text } }
      : 'listReplyId' in m
        ? { ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: m.listReplyId, title: m.title ?? m.listReplyId } } }
        : m.mediaType === 'location'
          ? { ...base, type: 'location', location: { latitude: 52.52, longitude: 13.405 } }
          : { ...base, type: m.mediaType, [m.mediaType]: { id: `media-${m.id}`, mime_type: 'application/octet-stream' } };
  return envelope(m.phoneNumberId, { contacts: [{ profile: { name: m.profileName ?? 'WhatsApp user' }, wa_id: waId(m.from) }], messages: [message] });
}

/** A Cloud API webhook payload carrying one status update of a message we sent. */
export function statusPayload(s: { phoneNumberId: string; wamid: string; status: DeliveryStatus | string; recipient: string; at: Date }): Record<string, unknown> {
  return envelope(s.phoneNumberId, {
    statuses: [{ id: s.wamid, status: s.status, timestamp: String(Math.floor(s.at.getTime() / 1000)), recipient_id: waId(s.recipient) }],
  });
}
