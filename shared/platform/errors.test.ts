import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AppError, detailsFromIssues, errorStatus, toHttpError } from './errors.ts';

describe('toHttpError', () => {
  it.each(Object.entries(errorStatus))('maps %s to %i with the SPEC body', (code, status) => {
    const { status: got, body } = toHttpError(new AppError(code as keyof typeof errorStatus, 'why'), 'cid');
    expect(got).toBe(status);
    expect(body).toEqual({ error: { code, message: 'why' } });
  });

  it('keeps details, such as the current version of a conflict', () => {
    const err = new AppError('conflict', 'stale', [{ field: 'version', current: 7 }]);
    expect(toHttpError(err, 'cid')).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'stale', details: [{ field: 'version', current: 7 }] } },
    });
  });

  it('answers 500 for anything else, revealing only the correlation id', () => {
    const { status, body } = toHttpError(new Error('connect ECONNREFUSED 10.0.0.1 secret-table'), 'abc-123');
    expect(status).toBe(500);
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toContain('abc-123');
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });
});

describe('detailsFromIssues', () => {
  it('names each bad field by its path', () => {
    const schema = z.object({ subject: z.string().min(1), requester: z.object({ email: z.string().email() }) });
    const parsed = schema.safeParse({ subject: '', requester: { email: 'nope' } });
    expect(parsed.success).toBe(false);
    const details = detailsFromIssues(parsed.error!.issues);
    expect(details.map((d) => d.field).sort()).toEqual(['requester.email', 'subject']);
    expect(details.every((d) => d.code && d.message)).toBe(true);
  });

  it('names each unknown field of a strict object', () => {
    const parsed = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1, c: 2 });
    expect(detailsFromIssues(parsed.error!.issues)).toEqual([
      { field: 'b', code: 'unrecognized_key', message: 'Unknown field' },
      { field: 'c', code: 'unrecognized_key', message: 'Unknown field' },
    ]);
  });

  it('prefixes query fields and names the body itself when the path is empty', () => {
    const parsed = z.object({ limit: z.coerce.number().max(100) }).safeParse({ limit: '500' });
    expect(detailsFromIssues(parsed.error!.issues, 'query')[0]!.field).toBe('query.limit');
    const whole = z.object({}).safeParse('x');
    expect(detailsFromIssues(whole.error!.issues)[0]!.field).toBe('body');
  });
});
