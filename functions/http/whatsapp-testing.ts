/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Helpers for the WhatsApp channel's tests on the seeded local runtime: carol's confirmed phone and
// contact, the agent and the chat ticket the services take, Meta's signed webhook post, and the dev
// sender's outbox.
import { expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Actor } from '../../shared/identity/actor.ts';
import { permissionsOf } from '../../shared/identity/permissions.ts';
import { createTicket } from '../../shared/ticket/ticket.service.ts';
import { signBody } from '../../shared/whatsapp/signature.ts';
import { createWindowRepo } from '../../shared/whatsapp/window.repo.ts';
import { type Client, idOf, idle, users } from './api-testing.ts';

/** carol's confirmed phone (contact of BP-1001, acme), as Meta sends it. */
export const CAROL_PHONE = '+15550001001';

/** alice (agent of acme) as the services take her, for the calls that go around the HTTP API. */
export const aliceAgent: Actor = {
  id: idOf(users.alice),
  name: 'Alice Adams',
  email: users.alice,
  type: 'agent',
  roles: ['service-desk-agent'],
  permissions: permissionsOf(['service-desk-agent']),
  tenants: ['acme'],
};

/** carol's contact id in BP-1001, read as an agent of acme. */
export async function findCarolContactId(agent: Client): Promise<string> {
  const contacts = await agent.get('/api/tenants/acme/business-partners/BP-1001/contacts');
  expect(contacts.status).toBe(200);
  return contacts.body.items.find((c: { phone: string }) => c.phone === CAROL_PHONE).id;
}

/** A ticket the chat opened for carol (fromChat is set only by the chat, so through the service); its number. */
export async function carolChatTicket(rt: LocalRuntime, contactId: string, ticket: { subject: string; description: string }): Promise<string> {
  const t = await createTicket(rt.deps, aliceAgent, 'acme', { ...ticket, source: 'chat', requester: { type: 'bp', bpId: 'BP-1001', contactId } }, { fromChat: true });
  return t.number;
}

/** carol writes on WhatsApp now (what the inbound worker records): her 24-hour window opens. */
export const carolWrites = (rt: LocalRuntime) => createWindowRepo(rt.db).recordInbound('acme', CAROL_PHONE, rt.clock.now().toISOString());

/** Meta's signature header for `raw`, with the local runtime's app secret. */
export const signedHeaders = (raw: string | Buffer): Record<string, string> => ({ 'x-hub-signature-256': signBody(raw, 'dev-app-secret') });

/** Meta posting `raw` to the webhook, signed unless other `headers` are given. */
export async function postWebhook(rt: Pick<LocalRuntime, 'url'>, raw: string | Buffer, headers = signedHeaders(raw)): Promise<{ status: number; text: string }> {
  const res = await fetch(`${rt.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  return { status: res.status, text: await res.text() };
}

/** One message the dev sender sent (`GET /dev/whatsapp/outbox`). */
export type OutboxItem = { id: string; phoneNumberId: string; to: string; message: any; createdAt: string };

export async function outbox(rt: Pick<LocalRuntime, 'url'>): Promise<OutboxItem[]> {
  const res = await fetch(`${rt.url}/dev/whatsapp/outbox`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: OutboxItem[] }).items;
}

/** A reader of the outbox: each call waits for the runtime to be idle and answers what was sent since the last. */
export function newReplies(rt: Pick<LocalRuntime, 'url'>): () => Promise<OutboxItem[]> {
  let seen = 0;
  return async () => {
    await idle(rt);
    const items = await outbox(rt);
    const fresh = items.slice(seen);
    seen = items.length;
    return fresh;
  };
}

/** A reply's text, or its type in brackets (a list, a button). */
export const bodyOf = (item: OutboxItem | undefined): string => item?.message.text?.body ?? `(${item?.message.type})`;
