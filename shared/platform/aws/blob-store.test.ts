import { GetObjectCommand, HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { contentDisposition, createS3BlobStore } from './blob-store.ts';

// A real client with fake credentials: presigning is local computation, nothing is sent.
const client = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const s3 = mockClient(client);
const store = createS3BlobStore({ client, bucket: 'desk-attachments' });

beforeEach(() => s3.reset());
afterAll(() => s3.restore());

describe('presignUpload', () => {
  it('signs a PUT of this key with its content type and length', async () => {
    const url = new URL(await store.presignUpload('t1/tickets/T-1/a1/report.pdf', 'application/pdf', 12_345, 300));

    expect(url.origin).toBe('https://desk-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/t1/tickets/T-1/a1/report.pdf');
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
    expect(q.get('X-Amz-Expires')).toBe('300');
    expect(q.get('x-id')).toBe('PutObject');
    // The presigner leaves content-type out unless asked: the store asks, so S3 refuses a PUT of
    // another type or size than the one declared.
    expect(q.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('carries no checksum of the (absent) body, which would make S3 refuse the real upload', async () => {
    const url = new URL(await store.presignUpload('t1/a.txt', 'text/plain', 5, 60));
    const names = [...url.searchParams.keys()].map((k) => k.toLowerCase());

    expect(names.filter((k) => k.startsWith('x-amz-checksum') || k === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
  });

  it('encodes the key as a path', async () => {
    const url = new URL(await store.presignUpload('t1/Angebot März 2025.pdf', 'application/pdf', 1, 60));
    expect(url.pathname).toBe('/t1/Angebot%20M%C3%A4rz%202025.pdf');
  });
});

describe('presignDownload', () => {
  it('signs a GET that answers as an attachment with the file name', async () => {
    const url = new URL(await store.presignDownload('t1/tickets/T-1/a1/blob', 'Rechnung März "final".pdf', 600));

    expect(url.origin).toBe('https://desk-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/t1/tickets/T-1/a1/blob');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(url.searchParams.get('x-id')).toBe('GetObject');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Rechnung Marz _final_.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%22final%22.pdf`,
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('sends the command it presigns to nobody', async () => {
    await store.presignDownload('k', 'a.txt', 60);
    expect(s3.commandCalls(GetObjectCommand)).toEqual([]);
  });
});

describe('contentDisposition', () => {
  it.each([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    ['résumé.docx', `attachment; filename="resume.docx"; filename*=UTF-8''r%C3%A9sum%C3%A9.docx`],
    ['报告.pdf', `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`],
    ['报告', `attachment; filename="download"; filename*=UTF-8''%E6%8A%A5%E5%91%8A`],
    ['a\r\nSet-Cookie: x.txt', `attachment; filename="a__Set-Cookie: x.txt"; filename*=UTF-8''aSet-Cookie%3A%20x.txt`],
    [`it's (1)*.txt`, `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`],
    ['..\\..\\etc/passwd', `attachment; filename=".._.._etc_passwd"; filename*=UTF-8''..%5C..%5Cetc%2Fpasswd`],
    ['bad\ud800.txt', `attachment; filename="bad_.txt"; filename*=UTF-8''bad%EF%BF%BD.txt`],
  ])('%j', (name, expected) => {
    expect(contentDisposition(name)).toBe(expected);
  });
});

describe('head', () => {
  it('answers size and content type of an object that exists', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 12_345, ContentType: 'application/pdf' });

    await expect(store.head('t1/a1')).resolves.toEqual({ size: 12_345, contentType: 'application/pdf' });
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'desk-attachments', Key: 't1/a1' },
    ]);
  });

  it('answers null when the object does not exist', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    await expect(store.head('t1/missing')).resolves.toBeNull();
  });

  it('answers null on a bare 404', async () => {
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 404 } }),
    );
    await expect(store.head('t1/missing')).resolves.toBeNull();
  });

  it('lets other errors through', async () => {
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }),
    );
    await expect(store.head('t1/a1')).rejects.toThrow('Forbidden');
  });
});
