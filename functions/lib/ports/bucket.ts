import { S3Client } from '@aws-sdk/client-s3';
import { createS3BlobStore } from '../../../shared/platform/aws/blob-store.ts';
import type { BlobStore } from '../../../shared/platform/ports.ts';

export const makeBlobStore = (region: string, bucket: string): BlobStore => createS3BlobStore({ client: new S3Client({ region }), bucket });
