// Business partner and contact writes (SPEC §3 Business partners, §4): the API's input schemas.
import * as z from 'zod';

/** The platform's ids (`BP-1001`, `C-1001`): used verbatim in paths. */
const platformId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'Letters, digits and . _ : - (the platform’s id)');
const name = z.string().trim().min(1, 'A name is required').max(200);

export const createPartnerSchema = z.strictObject({ id: platformId, name });
/** PUT: what GET returned, edited; `status` and `mergedInto` are ignored (use close and merge). */
export const updatePartnerSchema = z.strictObject({ name });
export const mergePartnerSchema = z.strictObject({ mergedInto: platformId });

export const e164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'A phone number in E.164 form, like +15550001001');

const contactFields = {
  name,
  phone: e164,
  email: z.string().trim().toLowerCase().email().max(200).optional(),
  confirmed: z.boolean().default(false),
};
export const createContactSchema = z.strictObject({ id: platformId, ...contactFields });
/** PUT: `bpId` may be sent back as GET returned it; a contact does not move to another partner. */
export const updateContactSchema = z.strictObject({ ...contactFields, bpId: z.string().optional() });

export type CreatePartnerInput = z.infer<typeof createPartnerSchema>;
export type CreateContactInput = z.infer<typeof createContactSchema>;
export type UpdateContactInput = z.infer<typeof updateContactSchema>;
