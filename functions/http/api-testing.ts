/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Helpers for the API tests over real HTTP: a local runtime per test file, clients per seeded user,
// SPEC's error shape, uploads through signed URLs, and read-back snapshots of a ticket.
import { expect } from 'vitest';
import { subFromEmail } from '../../infra/local/issuer.ts';
import { type LocalRuntime, startRuntime } from '../../infra/local/runtime.ts';
import { productSystem } from '../../infra/local/system.ts';
import { tokenFor } from '../../infra/local/testing.ts';

export type Res<T = any> = { status: number; body: T; headers: Headers };

export type Client = {
  email: string;
  id: string;
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<T>>;
  get<T = any>(path: string): Promise<Res<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Res<T>>;
  patch<T = any>(path: string, body: unknown, ifMatch?: number | string): Promise<Res<T>>;
};

export const users = {
  alice: 'alice@acme.test',
  sam: 'sam@acme.test',
  ada: 'ada@acme.test',
  max: 'max@acme.test',
  gina: 'gina@globex.test',
  carol: 'carol@customer.test',
  dave: 'dave@customer.test',
  erin: 'erin@customer.test',
} as const;

export const idOf = (email: string): string => subFromEmail(email);

/** A client that sends `token` (or none) as a Bearer token. */
export function clientWith(rt: Pick<LocalRuntime, 'url'>, token: string | undefined, email = ''): Client {
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> => {
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    email,
    id: email ? idOf(email) : '',
    call,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body, ifMatch) => call('PATCH', path, body, ifMatch === undefined ? {} : { 'if-match': String(ifMatch) }),
  };
}

export type Api = { rt: LocalRuntime; as(email: string): Promise<Client> };

/** One runtime for the test file, seeded, in memory; clients are cached per user. */
/**
 * A seeded runtime over real HTTP. `automation: false` leaves the event rules out (routing,
 * auto-assignment, loads, dashboard, notifications, WhatsApp replies): the ticket API's own tests
 * then see a ticket exactly as the API left it; functions/events and functions/schedules test the
 * automation on top of it.
 */
export async function startApi(options: { automation?: boolean } = {}): Promise<Api> {
  const system = options.automation === false ? { ...productSystem, eventRules: [] } : productSystem;
  const rt = await startRuntime({ port: 0, dataDir: ':memory:', system });
  const clients = new Map<string, Promise<Client>>();
  return {
    rt,
    as(email) {
      let c = clients.get(email);
      if (!c) {
        c = tokenFor(rt, email).then((token) => clientWith(rt, token, email));
        clients.set(email, c);
      }
      return c;
    },
  };
}

type ErrorBody = { error: { code: string; message: string; details?: { field: string; code?: string; message?: string; [k: string]: unknown }[] } };

/**
 * The SPEC error shape with `status` and `code`; `fields` (exact names or patterns) must each be named
 * by some detail. Answers the details.
 */
export function expectError(res: Res, status: number, code?: string, fields: (string | RegExp)[] = []): NonNullable<ErrorBody['error']['details']> {
  const body = res.body as ErrorBody;
  expect({ status: res.status, body }).toMatchObject({ status, body: { error: { message: expect.any(String) } } });
  if (code) expect(body.error.code).toBe(code);
  expect(Object.keys(body)).toEqual(['error']);
  const details = body.error.details ?? [];
  for (const d of details) expect(typeof d.field).toBe('string');
  for (const f of fields) {
    const named = details.map((d) => d.field);
    expect(named, `details should name ${String(f)}`).toEqual(expect.arrayContaining([typeof f === 'string' ? f : expect.stringMatching(f)]));
  }
  return details;
}

export const manual = { type: 'manual', name: 'Jamie Test', email: 'jamie@example.test' } as const;

/** A valid create body for acme, with overrides. */
export const ticketInput = (overrides: Record<string, unknown> = {}) => ({
  subject: 'Printer on floor 2 is offline',
  description: 'It shows **error 42**.',
  source: 'email',
  requester: manual,
  ...overrides,
});

/**
 * Creates a ticket and answers it as it stands once the events of the create are handled (routing
 * may have queued, assigned or escalated it), so a test's next write starts from its version.
 */
export async function createTicket(client: Client, tenant = 'acme', overrides: Record<string, unknown> = {}) {
  const res = await client.post(`/api/tenants/${tenant}/tickets`, ticketInput(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect((await client.post('/dev/idle')).status).toBe(200);
  const { thread: _t, attachments: _a, ...settled } = (await client.get(`/api/tenants/${tenant}/tickets/${res.body.number}`)).body;
  return settled as { number: string; version: number; [k: string]: any };
}

export const seqOf = (number: string): number => Number(number.replace(/^SD-/, ''));

/** A small PNG-ish payload of the given size. */
export const bytes = (size: number, fill = 7): Buffer => Buffer.alloc(size, fill);

/** Creates an attachment record (tenant path, or the portal's `my`) and uploads its bytes. */
export async function upload(
  client: Client,
  where: string,
  file: { fileName?: string; contentType?: string; data?: Buffer } = {},
): Promise<{ attachmentId: string; uploadUrl: string; data: Buffer }> {
  const data = file.data ?? bytes(64);
  const contentType = file.contentType ?? 'image/png';
  const path = where === 'my' ? '/api/my/attachments' : `/api/tenants/${where}/attachments`;
  const res = await client.post(path, { fileName: file.fileName ?? 'screenshot.png', contentType, size: data.length });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { attachmentId, uploadUrl } = res.body as { attachmentId: string; uploadUrl: string };
  const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body: data });
  expect(put.status).toBe(200);
  return { attachmentId, uploadUrl, data };
}

export type Snapshot = { version: number; updatedAt: string; status: string; assigneeId?: string; thread: number; attachments: number; subject: string };

/** What a refused write must leave alone, read back by an admin of the tenant. */
export async function snapshot(admin: Client, tenant: string, number: string): Promise<Snapshot> {
  const res = await admin.get(`/api/tenants/${tenant}/tickets/${number}`);
  expect(res.status).toBe(200);
  const t = res.body;
  return { version: t.version, updatedAt: t.updatedAt, status: t.status, assigneeId: t.assigneeId, thread: t.thread.length, attachments: t.attachments.length, subject: t.subject };
}

/** Every item of a list, following cursors; fails on a loop. */
export async function listAll<T = any>(client: Client, path: string, limit = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path}: too many pages`);
}

/** Moves product time forward. */
export async function advanceMinutes(rt: Pick<LocalRuntime, 'url'>, minutes: number): Promise<void> {
  const res = await fetch(`${rt.url}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMinutes: minutes }) });
  expect(res.status).toBe(200);
}

export async function idle(rt: Pick<LocalRuntime, 'url'>): Promise<void> {
  const res = await fetch(`${rt.url}/dev/idle`, { method: 'POST' });
  expect(res.status).toBe(200);
}

export type SeenEvent = { name: string; tenantId: string; number: string; version: number; changes?: Record<string, unknown>; data?: unknown };

/** Records what reaches the bus (the local bus has no product rules yet to observe them by). */
export function recordEvents(rt: LocalRuntime): SeenEvent[] {
  const seen: SeenEvent[] = [];
  const publish = rt.bus.publish.bind(rt.bus);
  rt.bus.publish = async (events) => {
    for (const e of events) {
      const d = e.detail as { tenantId: string; number: string; version: number; changes?: Record<string, unknown>; data?: unknown };
      seen.push({ name: e.name, tenantId: d.tenantId, number: d.number, version: d.version, ...(d.changes ? { changes: d.changes } : {}), ...(d.data !== undefined ? { data: d.data } : {}) });
    }
    return publish(events);
  };
  return seen;
}
