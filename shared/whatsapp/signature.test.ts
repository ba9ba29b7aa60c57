import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.ts';

const SECRET = 'dev-app-secret';
// As Meta sends it: spaces and escaped unicode, which a JSON.parse + stringify would not keep.
const body = Buffer.from('{"object": "whatsapp_business_account", "entry": [{"changes": []}], "note": "na\\u00efve \u2615"}', 'utf8');
// Computed independently of signBody: HMAC-SHA256 over the bytes, hex.
const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('X-Hub-Signature-256', () => {
  it('signs as Meta does: sha256= and the hex HMAC of the raw bytes', () => {
    expect(signBody(body, SECRET)).toBe(good);
    expect(signBody(body.toString('utf8'), SECRET)).toBe(good);
  });

  it('accepts the signature of exactly these bytes (hex in either case)', () => {
    expect(verifySignature(body, good, SECRET)).toBe(true);
    expect(verifySignature(body, good.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifySignature(body, signBody(body, 'not-the-secret'), SECRET)).toBe(false);
  });

  it('refuses a tampered body: one byte, a re-serialized JSON, trailing whitespace', () => {
    const flipped = Buffer.from(body);
    flipped[10] = flipped[10]! ^ 1;
    expect(verifySignature(flipped, good, SECRET)).toBe(false);
    expect(verifySignature(Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')))), good, SECRET)).toBe(false);
    expect(verifySignature(Buffer.concat([body, Buffer.from('\n')]), good, SECRET)).toBe(false);
  });

  it('refuses a missing or empty header', () => {
    expect(verifySignature(body, undefined, SECRET)).toBe(false);
    expect(verifySignature(body, '', SECRET)).toBe(false);
  });

  it('refuses malformed headers: non-hex, short, long, another algorithm, no prefix', () => {
    const hex = good.slice('sha256='.length);
    for (const header of [`sha256=${'z'.repeat(64)}`, `sha256=${hex.slice(0, 62)}zz`, `sha256=${hex.slice(0, 63)}`, `sha256=${hex}00`, `sha1=${hex}`, hex, `sha256= ${hex}`]) {
      expect(verifySignature(body, header, SECRET), header).toBe(false);
    }
  });
});
