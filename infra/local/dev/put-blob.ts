import { httpHandler, bodyBytes, header } from '../../../functions/lib/http.ts';
import { AppError } from '../../../shared/platform/errors.ts';
import { currentRuntime } from '../current.ts';

// The target of a signed upload URL (S3's presigned PUT, locally).
export const handler = httpHandler({}, async ({ event, params }) => {
  const runtime = currentRuntime();
  const key = params.key ?? '';
  const signed = runtime.blobs.verify(key, event.queryStringParameters ?? {}, 'put', Date.now());
  if (!signed) throw new AppError('forbidden', 'The upload URL is not valid or has expired');
  const data = bodyBytes(event);
  const contentType = header(event, 'content-type') ?? '';
  if (signed.contentType !== contentType) throw new AppError('forbidden', `The upload must be sent as ${signed.contentType}`);
  if (signed.size !== data.length) throw new AppError('forbidden', `The upload must be ${signed.size} bytes`);
  runtime.blobs.write(key, { data, contentType });
  return { status: 200 };
});
