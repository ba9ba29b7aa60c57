import { describe, expect, it } from 'vitest';
import { openCursor, sealCursor } from './cursor.ts';

describe('cursors', () => {
  it('round-trip a position', () => {
    expect(openCursor(sealCursor({ p: { acme: { u: '2026-01-01', s: 12 } } }))).toEqual({ p: { acme: { u: '2026-01-01', s: 12 } } });
  });
  it('refuse an edited, extended, cut or made-up cursor', () => {
    const cursor = sealCursor({ s: 12 });
    const [body, mac] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify({ s: 13 })).toString('base64url');
    expect(openCursor(`${edited}.${mac}`)).toBeUndefined();
    expect(openCursor(`${cursor}x`)).toBeUndefined();
    expect(openCursor(body!)).toBeUndefined();
    expect(openCursor('not-a-cursor')).toBeUndefined();
    expect(openCursor(`${cursor}.extra`)).toBeUndefined();
  });
});
