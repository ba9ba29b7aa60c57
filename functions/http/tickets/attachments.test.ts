// Attachments over real HTTP: the upload record and signed URL, the upload itself, attaching on a
// create and on an entry, signed downloads, limits, names, and references that must be refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, bytes, createTicket, expectError, seqOf, snapshot, startApi, ticketInput, upload, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi({ automation: false });
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const MiB = 1024 * 1024;
const newAttachment = (body: unknown, client: Client = alice, tenant = 'acme') => client.post(`/api/tenants/${tenant}/attachments`, body);
const read = async (number: string) => (await ada.get(`/api/tenants/acme/tickets/${number}`)).body;

describe('the upload record and the signed URL', () => {
  it('answers an attachment id and an upload URL', async () => {
    const res = await newAttachment({ fileName: 'report.pdf', contentType: 'application/pdf', size: 1234 });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['attachmentId', 'uploadUrl']);
    expect(res.body.attachmentId).toEqual(expect.any(String));
    expect(new URL(res.body.uploadUrl).origin).toBe(new URL(api.rt.url).origin);
  });

  it('takes the upload only with the signed content type and size, and an untampered URL', async () => {
    const data = bytes(100);
    const { uploadUrl } = (await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: data.length })).body;
    const put = (url: string, contentType: string, body: Buffer) => fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body });
    expect((await put(uploadUrl, 'image/jpeg', data)).status).toBe(403);
    expect((await put(uploadUrl, 'image/png', bytes(101))).status).toBe(403);
    expect((await put(uploadUrl, 'image/png', bytes(99))).status).toBe(403);
    const tampered = new URL(uploadUrl);
    tampered.searchParams.set('size', '100000');
    expect((await put(tampered.toString(), 'image/png', bytes(100000))).status).toBe(403);
    expect((await fetch(uploadUrl)).status).toBe(403); // an upload URL does not download
    expect((await put(uploadUrl, 'image/png', data)).status).toBe(200);
  });

  it('answers 413 over 10 MiB and takes exactly 10 MiB', async () => {
    expectError(await newAttachment({ fileName: 'big.zip', contentType: 'application/zip', size: 10 * MiB + 1 }), 413, 'payload_too_large');
    expect((await newAttachment({ fileName: 'big.zip', contentType: 'application/zip', size: 10 * MiB })).status).toBe(201);
  });

  it.each(['text/html', 'image/svg+xml', 'application/x-msdownload', 'application/javascript', 'video/mp4'])('answers 400 for content type %s', async (contentType) => {
    expectError(await newAttachment({ fileName: 'x', contentType, size: 10 }), 400, 'validation_failed', ['contentType']);
  });

  it('accepts the allowed types, whatever their case', async () => {
    for (const contentType of ['image/png', 'image/JPEG', 'application/pdf', 'text/plain', 'text/csv', 'application/zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']) {
      expect((await newAttachment({ fileName: 'f', contentType, size: 10 })).status, contentType).toBe(201);
    }
  });

  const bad: [string, unknown, string][] = [
    ['a missing file name', { contentType: 'image/png', size: 1 }, 'fileName'],
    ['an empty file name', { fileName: ' ', contentType: 'image/png', size: 1 }, 'fileName'],
    ['a 256-character file name', { fileName: 'x'.repeat(256), contentType: 'image/png', size: 1 }, 'fileName'],
    ['a missing content type', { fileName: 'a', size: 1 }, 'contentType'],
    ['a size of 0', { fileName: 'a', contentType: 'image/png', size: 0 }, 'size'],
    ['a negative size', { fileName: 'a', contentType: 'image/png', size: -5 }, 'size'],
    ['a fractional size', { fileName: 'a', contentType: 'image/png', size: 1.5 }, 'size'],
    ['a size as text', { fileName: 'a', contentType: 'image/png', size: '10' }, 'size'],
    ['an unknown field', { fileName: 'a', contentType: 'image/png', size: 1, ticket: 'SD-00001' }, 'ticket'],
  ];
  it.each(bad)('answers 400 for %s', async (_name, body, field) => {
    expectError(await newAttachment(body), 400, 'validation_failed', [field]);
  });

  it('answers 403 for a customer and 404 for another tenant', async () => {
    expectError(await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: 1 }, await api.as(users.carol)), 403, 'forbidden');
    expectError(await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: 1 }, alice, 'globex'), 404, 'not_found');
    expectError(await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: 1 }, await api.as(users.gina)), 404, 'not_found');
  });
});

describe('attaching', () => {
  it('attaches uploaded files on create, listed with a signed URL that downloads the bytes', async () => {
    const png = await upload(alice, 'acme', { fileName: 'screen.png', contentType: 'image/png', data: bytes(321, 1) });
    const csv = await upload(alice, 'acme', { fileName: 'data.csv', contentType: 'text/csv', data: Buffer.from('a,b\n1,2\n') });
    const t = await createTicket(alice, 'acme', { attachmentIds: [png.attachmentId, csv.attachmentId] });
    const detail = await read(t.number);
    expect(detail.attachments).toHaveLength(2);
    const byId = new Map(detail.attachments.map((a: { id: string }) => [a.id, a]));
    expect(byId.get(png.attachmentId)).toMatchObject({ id: png.attachmentId, fileName: 'screen.png', contentType: 'image/png', size: 321, downloadUrl: expect.any(String) });
    expect(byId.get(png.attachmentId)).not.toHaveProperty('entryId');
    for (const [att, data, type] of [
      [byId.get(png.attachmentId), png.data, 'image/png'],
      [byId.get(csv.attachmentId), csv.data, 'text/csv'],
    ] as const) {
      const res = await fetch((att as { downloadUrl: string }).downloadUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    }
  });

  it('refuses a tampered download URL', async () => {
    const f = await upload(alice, 'acme');
    const t = await createTicket(alice, 'acme', { attachmentIds: [f.attachmentId] });
    const url = new URL((await read(t.number)).attachments[0].downloadUrl);
    url.searchParams.set('exp', String(Date.now() + 365 * 24 * 3600_000));
    expect((await fetch(url)).status).toBe(403);
    const other = new URL(url);
    other.searchParams.delete('sig');
    expect((await fetch(other)).status).toBe(403);
  });

  it('attaches files on an entry: listed on the entry and on the ticket with the entry id', async () => {
    const t = await createTicket(alice);
    const f = await upload(alice, 'acme', { fileName: 'log.txt', contentType: 'text/plain', data: Buffer.from('line 1\nline 2\n') });
    const entry = await alice.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: 'reply', body: 'See the log.', attachmentIds: [f.attachmentId] });
    expect(entry.status).toBe(201);
    expect(entry.body.attachmentIds).toEqual([f.attachmentId]);
    const detail = await read(t.number);
    expect(detail.thread.find((e: { id: string }) => e.id === entry.body.id).attachmentIds).toEqual([f.attachmentId]);
    expect(detail.attachments).toEqual([expect.objectContaining({ id: f.attachmentId, entryId: entry.body.id, fileName: 'log.txt', size: f.data.length })]);
    const res = await fetch(detail.attachments[0].downloadUrl);
    expect(await res.text()).toBe('line 1\nline 2\n');
  });

  it('sanitizes file names: no paths, no leading dots, no control characters', async () => {
    const names = ['../../etc/passwd', '..\\..\\windows\\win.ini', '.hidden', 'a\u0000b\u0007c.txt', '/abs/path/report.pdf'];
    const ids: string[] = [];
    for (const fileName of names) ids.push((await upload(alice, 'acme', { fileName, contentType: 'text/plain', data: bytes(3) })).attachmentId);
    const t = await createTicket(alice, 'acme', { attachmentIds: ids });
    const stored = new Map((await read(t.number)).attachments.map((a: { id: string; fileName: string }) => [a.id, a.fileName]));
    const got = ids.map((id) => stored.get(id) as string);
    for (const name of got) {
      expect(name).not.toMatch(/[\\/]/);
      expect([...name].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeGreaterThan(0);
    }
    expect(got[0]).toBe('passwd');
    expect(got[1]).toBe('win.ini');
    expect(got[4]).toBe('report.pdf');
  });

  it('refuses an attachment that was never uploaded with 422, allocating no number', async () => {
    const { attachmentId } = (await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: 10 })).body;
    const before = await createTicket(alice);
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ attachmentIds: [attachmentId] })), 422, 'unprocessable', [/^attachmentIds/]);
    const beforeEntry = await snapshot(ada, 'acme', before.number);
    expectError(await alice.post(`/api/tenants/acme/tickets/${before.number}/entries`, { kind: 'reply', body: 'x', attachmentIds: [attachmentId] }), 422, 'unprocessable', [/^attachmentIds/]);
    expect(await snapshot(ada, 'acme', before.number)).toEqual(beforeEntry);
    const after = await createTicket(alice);
    expect(seqOf(after.number)).toBe(seqOf(before.number) + 1);
  });

  it('refuses an upload rejected for its size as not uploaded (422)', async () => {
    const { attachmentId, uploadUrl } = (await newAttachment({ fileName: 'a.png', contentType: 'image/png', size: 10 })).body;
    expect((await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes(11) })).status).toBe(403);
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ attachmentIds: [attachmentId] })), 422, 'unprocessable', [/^attachmentIds/]);
  });

  it('refuses an unknown attachment id with 422', async () => {
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ attachmentIds: ['att_nope'] })), 422, 'unprocessable', [/^attachmentIds/]);
  });

  it('refuses an attachment already on another ticket with 409, on create and on an entry', async () => {
    const f = await upload(alice, 'acme');
    const first = await createTicket(alice, 'acme', { attachmentIds: [f.attachmentId] });
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ attachmentIds: [f.attachmentId] })), 409, 'conflict');
    const other = await createTicket(alice);
    const before = await snapshot(ada, 'acme', other.number);
    expectError(await alice.post(`/api/tenants/acme/tickets/${other.number}/entries`, { kind: 'internal_note', body: 'mine now', attachmentIds: [f.attachmentId] }), 409, 'conflict');
    expect(await snapshot(ada, 'acme', other.number)).toEqual(before);
    // The first ticket still has it.
    expect((await read(first.number)).attachments.map((a: { id: string }) => a.id)).toEqual([f.attachmentId]);
  });

  it('refuses an attachment of another tenant with 422', async () => {
    const g = await upload(ada, 'globex');
    expectError(await ada.post('/api/tenants/acme/tickets', ticketInput({ attachmentIds: [g.attachmentId] })), 422, 'unprocessable', [/^attachmentIds/]);
    const t = await createTicket(alice);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await ada.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: 'reply', body: 'x', attachmentIds: [g.attachmentId] }), 422, 'unprocessable', [/^attachmentIds/]);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
    // It is still free in its own tenant.
    const own = await createTicket(ada, 'globex', { requester: { type: 'bp', bpId: 'BP-2001' }, attachmentIds: [g.attachmentId] });
    expect((await ada.get(`/api/tenants/globex/tickets/${own.number}`)).body.attachments).toHaveLength(1);
  });

  it('lists the request’s and every entry’s files on the ticket, even when entries arrive together', async () => {
    const t = await createTicket(alice);
    const files = await Promise.all(Array.from({ length: 4 }, (_, i) => upload(alice, 'acme', { fileName: `f${i}.txt`, contentType: 'text/plain', data: bytes(5 + i) })));
    const results = await Promise.all(
      files.map((f, i) => alice.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: i % 2 ? 'reply' : 'internal_note', body: `with f${i}`, attachmentIds: [f.attachmentId] })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const detail = await read(t.number);
    expect(detail.thread).toHaveLength(5);
    expect(detail.attachments.map((a: { id: string }) => a.id).sort()).toEqual(files.map((f) => f.attachmentId).sort());
  });

  it('keeps an entry’s files on the ticket when a patch lands at the same time', async () => {
    // Each round races an entry carrying a file with a patch that reads the ticket before the entry
    // commits and writes after it; whichever wins, the file must stay listed on the ticket.
    const lost: string[] = [];
    for (let round = 0; round < 5; round++) {
      const t = await createTicket(alice);
      const f = await upload(alice, 'acme');
      const [entry, patch] = await Promise.all([
        alice.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: 'internal_note', body: 'with a file', attachmentIds: [f.attachmentId] }),
        alice.patch(`/api/tenants/acme/tickets/${t.number}`, { priority: 'high', queueId: 'q-acme-billing', helpTopicId: 'ht-acme-billing', requester: { type: 'bp', bpId: 'BP-1004' } }, 1),
      ]);
      expect(entry.status).toBe(201);
      expect([200, 409]).toContain(patch.status);
      const detail = await read(t.number);
      expect(detail.thread.some((e: { id: string }) => e.id === entry.body.id)).toBe(true);
      if (detail.attachments.length !== 1) lost.push(t.number);
    }
    expect(lost, 'tickets whose entry attachment was lost').toEqual([]);
  });
});
