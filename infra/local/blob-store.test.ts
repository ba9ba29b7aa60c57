// The local S3 stand-in over HTTP: signed upload and download URLs, and what they refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from './runtime.ts';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:', seed: false });
});
afterAll(async () => rt.stop());

const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x20]);

describe('signed local URLs', () => {
  it('takes an upload as signed and serves it back through a signed download URL', async () => {
    const upload = await rt.deps.blobs.presignUpload('acme/att-1', 'image/png', bytes.length, 300);
    const put = await fetch(upload, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes });
    expect(put.status).toBe(200);
    expect(await rt.deps.blobs.head('acme/att-1')).toEqual({ size: bytes.length, contentType: 'image/png' });

    const download = await rt.deps.blobs.presignDownload('acme/att-1', 'screen shot.png', 300);
    const got = await fetch(download);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="screen_shot.png"');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
  });

  it('refuses another type or size than was signed, a tampered URL, and an unknown file', async () => {
    const upload = await rt.deps.blobs.presignUpload('acme/att-2', 'image/png', bytes.length, 300);
    expect((await fetch(upload, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: bytes })).status).toBe(403);
    expect((await fetch(upload, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.concat([bytes, bytes]) })).status).toBe(403);
    expect((await fetch(upload.replace('size=8', 'size=16'), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes })).status).toBe(403);
    expect((await fetch(upload.replace('att-2', 'att-3'), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes })).status).toBe(403);
    expect(await rt.deps.blobs.head('acme/att-2')).toBeNull();
    // An upload URL does not download, and a download of nothing is 404.
    expect((await fetch(upload)).status).toBe(403);
    expect((await fetch(await rt.deps.blobs.presignDownload('acme/none', 'x.txt', 300))).status).toBe(404);
  });

  it('refuses an expired URL', async () => {
    const upload = await rt.deps.blobs.presignUpload('acme/att-4', 'text/plain', 2, -1);
    expect((await fetch(upload, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hi' })).status).toBe(403);
  });
});
