import { httpHandler } from '../../../functions/lib/http.ts';
import { AppError } from '../../../shared/platform/errors.ts';
import { currentRuntime } from '../current.ts';

// The target of a signed download URL (S3's presigned GET, locally).
export const handler = httpHandler({}, async ({ event, params }) => {
  const runtime = currentRuntime();
  const key = params.key ?? '';
  const signed = runtime.blobs.verify(key, event.queryStringParameters ?? {}, 'get', Date.now());
  if (!signed) throw new AppError('forbidden', 'The download URL is not valid or has expired');
  const blob = runtime.blobs.read(key);
  if (!blob) throw new AppError('not_found', 'No such file');
  const fileName = (signed.fileName ?? 'download').replace(/[^\w.-]+/g, '_');
  return {
    status: 200,
    raw: blob.data,
    headers: { 'content-type': blob.contentType, 'content-disposition': `attachment; filename="${fileName}"` },
  };
});
