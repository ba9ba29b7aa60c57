// S3 stand-in: files in a folder under DATA_DIR (or memory), behind URLs signed with HMAC that the
// local-only routes /dev/blobs/{key} check.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../../shared/platform/ports.ts';

export type StoredBlob = { data: Buffer; contentType: string };

export type LocalBlobStore = BlobStore & {
  /** Checks a signed URL's query for the operation; answers the signed limits or null. */
  verify(key: string, query: Record<string, string | undefined>, op: 'put' | 'get', nowMs: number): { contentType?: string; size?: number; fileName?: string } | null;
  write(key: string, blob: StoredBlob): void;
  read(key: string): StoredBlob | null;
};

const safeKey = (key: string) => Buffer.from(key).toString('base64url');

export function createLocalBlobStore(options: { dataDir: string; baseUrl: () => string; secret: Buffer }): LocalBlobStore {
  const memory = new Map<string, StoredBlob>();
  const folder = options.dataDir === ':memory:' ? undefined : join(options.dataDir, 'blobs');
  if (folder) mkdirSync(folder, { recursive: true });

  const signature = (parts: string[]) => createHmac('sha256', options.secret).update(parts.join('\n')).digest('base64url');

  function url(key: string, op: 'put' | 'get', params: Record<string, string>, expiresInSeconds: number): string {
    const exp = String(Date.now() + expiresInSeconds * 1000);
    const signed = { op, exp, ...params };
    const sig = signature([key, ...Object.entries(signed).sort().map(([k, v]) => `${k}=${v}`)]);
    const query = new URLSearchParams({ ...signed, sig });
    return `${options.baseUrl()}/dev/blobs/${encodeURIComponent(key)}?${query}`;
  }

  return {
    async presignUpload(key, contentType, size, expiresInSeconds) {
      return url(key, 'put', { ct: contentType, size: String(size) }, expiresInSeconds);
    },
    async presignDownload(key, fileName, expiresInSeconds) {
      return url(key, 'get', { fn: fileName }, expiresInSeconds);
    },
    async head(key) {
      const blob = this.read(key);
      return blob ? { size: blob.data.length, contentType: blob.contentType } : null;
    },
    verify(key, query, op, nowMs) {
      const { sig, ...rest } = query;
      if (!sig || rest.op !== op || !rest.exp || Number(rest.exp) < nowMs) return null;
      const expected = signature([key, ...Object.entries(rest).filter(([, v]) => v !== undefined).sort().map(([k, v]) => `${k}=${v}`)]);
      const a = Buffer.from(sig);
      const b = Buffer.from(expected);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
      return { contentType: rest.ct, size: rest.size === undefined ? undefined : Number(rest.size), fileName: rest.fn };
    },
    write(key, blob) {
      if (!folder) return void memory.set(key, blob);
      writeFileSync(join(folder, safeKey(key)), blob.data);
      writeFileSync(join(folder, `${safeKey(key)}.type`), blob.contentType);
    },
    read(key) {
      if (!folder) return memory.get(key) ?? null;
      const file = join(folder, safeKey(key));
      if (!existsSync(file) || !statSync(file).isFile()) return null;
      return { data: readFileSync(file), contentType: readFileSync(`${file}.type`, 'utf8') };
    },
  };
}
