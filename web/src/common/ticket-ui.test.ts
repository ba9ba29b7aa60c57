// The pure rules behind the ticket screens: what may be uploaded, when the SLA badge shows, the countdown.
import { describe, expect, it } from 'vitest';
import { slaState } from './badges.tsx';
import { formatCountdown } from './format.ts';
import { MAX_ATTACHMENT_BYTES, checkFile } from './uploads.ts';

describe('checkFile', () => {
  it('accepts the allow-listed types up to 10 MiB', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv', 'application/zip', 'application/msword']) {
      expect(checkFile({ name: 'f', size: 1, type })).toBeNull();
    }
    expect(checkFile({ name: 'a.docx', size: MAX_ATTACHMENT_BYTES, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBeNull();
  });

  it('names the size and the type problems', () => {
    expect(checkFile({ name: 'big.png', size: MAX_ATTACHMENT_BYTES + 1, type: 'image/png' })).toMatch(/big\.png is 10\.0 MB; the limit is 10\.0 MB/);
    expect(checkFile({ name: 'x.exe', size: 10, type: 'application/x-msdownload' })).toMatch(/x\.exe: files of type application\/x-msdownload cannot be attached/);
    expect(checkFile({ name: 'noext', size: 10, type: '' })).toMatch(/type unknown/);
    expect(checkFile({ name: 'page.html', size: 10, type: 'text/html' })).not.toBeNull();
  });
});

describe('slaState', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

  it('says breached whenever the sweep marked a breach', () => {
    expect(slaState({ breached: 'resolution' }, 'pending', now)).toBe('breached');
    expect(slaState({ breached: 'first_response', dueAt: at(600) }, 'open', now)).toBe('breached');
  });

  it('says due soon for an open ticket with a due time within the hour', () => {
    expect(slaState({ breached: 'none', firstResponseDueAt: at(59) }, 'open', now)).toBe('due-soon');
    expect(slaState({ breached: 'none', dueAt: at(60) }, 'open', now)).toBe('due-soon');
    expect(slaState({ breached: 'none', dueAt: at(61), firstResponseDueAt: at(120) }, 'open', now)).toBeNull();
    expect(slaState({ breached: 'none' }, 'open', now)).toBeNull();
  });

  it('says nothing for paused or finished tickets', () => {
    expect(slaState({ breached: 'none', dueAt: at(5) }, 'pending', now)).toBeNull();
    expect(slaState({ breached: 'none', dueAt: at(5) }, 'resolved', now)).toBeNull();
    expect(slaState({ breached: 'none', dueAt: at(5) }, 'closed', now)).toBeNull();
  });
});

describe('formatCountdown', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('counts down and then up', () => {
    expect(formatCountdown('2026-01-01T13:02:05Z', now)).toEqual({ text: '1 h 02 min 05 s left', overdue: false });
    expect(formatCountdown('2026-01-01T12:00:30Z', now)).toEqual({ text: '0 min 30 s left', overdue: false });
    expect(formatCountdown('2026-01-01T11:57:00Z', now)).toEqual({ text: 'overdue by 3 min 00 s', overdue: true });
    expect(formatCountdown('2026-01-03T14:05:00Z', now)).toEqual({ text: '2 d 2 h 05 min left', overdue: false });
  });
});
