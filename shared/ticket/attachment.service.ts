// Attachments: a record first, then the browser uploads to a signed URL; a ticket or entry claims
// uploaded attachments by id.
import type { Actor } from '../identity/actor.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AttachmentRef, TicketRepo } from './ticket.repo.ts';
import type { Attachment } from './ticket.schema.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 15 * 60;

const ALLOWED_TYPES = [
  /^image\/(png|jpeg|gif|webp)$/,
  /^application\/pdf$/,
  /^text\/(plain|csv)$/,
  /^application\/zip$/,
  /^application\/msword$/,
  /^application\/vnd\.openxmlformats-officedocument\.[\w.]+$/,
];

export const contentTypeAllowed = (type: string): boolean => ALLOWED_TYPES.some((re) => re.test(type));

/** A file name safe in a URL, a header and a folder: no paths, no control characters. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return clean || 'file';
}

export const blobKeyOf = (tenantId: string, id: string, fileName: string): string => `${tenantId}/${id}/${encodeURIComponent(fileName)}`;

export async function createAttachment(
  ctx: ServiceContext,
  tickets: TicketRepo,
  actor: Actor,
  tenantId: string,
  input: { fileName: string; contentType: string; size: number },
): Promise<{ attachmentId: string; uploadUrl: string }> {
  if (input.size > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', `Files are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`);
  if (!contentTypeAllowed(input.contentType)) {
    throw new AppError('validation_failed', `Files of type ${input.contentType} are not accepted`, [{ field: 'contentType', code: 'not_allowed', message: 'This type of file is not accepted' }]);
  }
  const id = `att_${ctx.ids.next()}`;
  const fileName = sanitizeFileName(input.fileName);
  const blobKey = blobKeyOf(tenantId, id, fileName);
  await tickets.createAttachment({ tenantId, id, fileName, contentType: input.contentType, size: input.size, blobKey, ownerId: actor.id, createdAt: ctx.clock.now().toISOString() });
  return { attachmentId: id, uploadUrl: await ctx.blobs.presignUpload(blobKey, input.contentType, input.size, UPLOAD_URL_SECONDS) };
}

/**
 * Checks each attachment before a write: it exists in the tenant (and, for a customer, is theirs),
 * it is uploaded (422 otherwise), and no other ticket has it (409).
 */
export async function checkAttachments(ctx: ServiceContext, tickets: TicketRepo, actor: Actor, tenantId: string, ids: string[], number?: string): Promise<AttachmentRef[]> {
  const unique = [...new Set(ids)];
  return Promise.all(
    unique.map(async (id, i) => {
      const field = `attachmentIds.${i}`;
      const att = await tickets.getAttachment(tenantId, id);
      if (!att || (actor.type === 'customer' && att.ownerId !== actor.id)) {
        throw new AppError('unprocessable', `Attachment ${id} does not exist`, [{ field, code: 'not_found', message: 'No such attachment' }]);
      }
      // Already attached — to another ticket, or to this one (moving it would hide or show it to the customer).
      if (att.ticketNumber) {
        throw new AppError('conflict', `Attachment ${id} is already on ${att.ticketNumber === number ? 'this' : 'another'} ticket`, [{ field, code: 'in_use' }]);
      }
      const head = await ctx.blobs.head(att.blobKey);
      if (!head) throw new AppError('unprocessable', `Attachment ${id} has not been uploaded yet`, [{ field, code: 'not_uploaded', message: 'Upload the file first' }]);
      return { id, fileName: att.fileName, contentType: att.contentType, size: att.size, uploadedAt: ctx.clock.now().toISOString() };
    }),
  );
}

/** Claims checked attachments for a ticket; on a race with another ticket, releases and answers 409. */
export async function claimAttachments(tickets: TicketRepo, tenantId: string, number: string, refs: AttachmentRef[], entryId?: string): Promise<void> {
  const claimed: string[] = [];
  for (const ref of refs) {
    if (!(await tickets.claimAttachment(tenantId, ref.id, number, entryId))) {
      await releaseAttachments(tickets, tenantId, number, claimed);
      throw new AppError('conflict', `Attachment ${ref.id} is already on another ticket`, [{ field: 'attachmentIds', code: 'in_use' }]);
    }
    claimed.push(ref.id);
  }
}

export async function releaseAttachments(tickets: TicketRepo, tenantId: string, number: string, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => tickets.releaseAttachment(tenantId, id, number)));
}

export async function withDownloadUrls(ctx: ServiceContext, tenantId: string, refs: AttachmentRef[]): Promise<Attachment[]> {
  return Promise.all(
    refs.map(async (ref) => ({
      ...ref,
      downloadUrl: await ctx.blobs.presignDownload(blobKeyOf(tenantId, ref.id, ref.fileName), ref.fileName, DOWNLOAD_URL_SECONDS),
    })),
  );
}
