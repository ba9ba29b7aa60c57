// BlobStore on S3: the browser uploads and downloads directly with presigned URLs; the API only
// checks what arrived (`head`).
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore } from '../ports.ts';

export type S3BlobStoreConfig = {
  client: S3Client;
  bucket: string;
};

export function createS3BlobStore({ client, bucket }: S3BlobStoreConfig): BlobStore {
  return {
    async presignUpload(key, contentType, size, expiresInSeconds) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size });
      withoutPresignedChecksum(command);
      // The presigner leaves content-type out of the signature unless told otherwise; signing it
      // (and content-length, which it signs anyway) makes S3 refuse a body of another type or size.
      return getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
    },

    async presignDownload(key, fileName, expiresInSeconds) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: contentDisposition(fileName),
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },

    async head(key) {
      try {
        const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const size = output.ContentLength ?? 0;
        return output.ContentType === undefined ? { size } : { size, contentType: output.ContentType };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
  };
}

/**
 * Since @aws-sdk/client-s3 3.729 the client adds a CRC32 of the request body by default
 * (`requestChecksumCalculation: WHEN_SUPPORTED`). A presigned PUT has no body yet, so the URL would
 * carry the CRC32 of an empty body (`x-amz-checksum-crc32=AAAAAA==`) and S3 would refuse every real
 * upload. This removes those headers from this one command, whatever the client's settings.
 */
function withoutPresignedChecksum(command: PutObjectCommand): void {
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      const headers = request?.headers;
      if (headers) {
        for (const name of Object.keys(headers)) {
          const lower = name.toLowerCase();
          if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') delete headers[name];
        }
      }
      return next(args);
    },
    // After flexibleChecksumsMiddleware (build step, normal priority), before signing.
    { step: 'build', priority: 'low', name: 'serviceDeskPresignWithoutChecksum' },
  );
}

/**
 * `attachment` with an ASCII `filename` every browser understands and the exact name in RFC 5987's
 * `filename*`, which modern browsers prefer.
 */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

function asciiFileName(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents, once split from their letters
    .replace(/[^\x20-\x7e]/g, '_') // anything not printable ASCII (controls, CR/LF, other scripts)
    .replace(/["\\/]/g, '_')
    .trim();
  return ascii.replace(/^[._]+$/, '') || 'download';
}

// encodeURIComponent throws on a lone surrogate.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** RFC 5987 `value-chars`: encodeURIComponent also leaves ' ( ) * unencoded, which are not attr-chars. */
function rfc5987(value: string): string {
  const wellFormed = value.replace(/[\r\n]/g, '').replace(LONE_SURROGATE, '\ufffd');
  return encodeURIComponent(wellFormed).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function isNotFound(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
