// What a ticket keeps in the sparse due index: derived on every write from its status and SLA state.
import { describe, expect, it } from 'vitest';
import { dueOf } from './ticket.repo.ts';

const sla = { firstResponseDueAt: '2026-01-01T10:00:00.000Z', dueAt: '2026-01-02T10:00:00.000Z', breached: 'none' as const, escalationLevel: 0 };
const clock = { pausedMinutes: 0 };

describe('dueOf', () => {
  it('an open ticket: its earliest unmet, unbreached target', () => {
    expect(dueOf({ status: 'open', sla, slaClock: clock })).toEqual({ kind: 'sla', at: sla.firstResponseDueAt });
    expect(dueOf({ status: 'open', sla: { ...sla, firstRespondedAt: '2026-01-01T09:00:00.000Z' }, slaClock: clock })).toEqual({ kind: 'sla', at: sla.dueAt });
    expect(dueOf({ status: 'open', sla: { ...sla, breached: 'first_response' }, slaClock: clock })).toEqual({ kind: 'sla', at: sla.dueAt });
    expect(dueOf({ status: 'open', sla: { ...sla, breached: 'resolution' }, slaClock: clock })).toBeUndefined();
  });

  it('a paused pending ticket: nothing; a pending one the tenant does not pause: its targets', () => {
    expect(dueOf({ status: 'pending', sla, slaClock: { pausedMinutes: 0, pause: { since: '2026-01-01T08:00:00.000Z', firstResponseLeft: 60 } } })).toBeUndefined();
    expect(dueOf({ status: 'pending', sla, slaClock: clock })).toEqual({ kind: 'sla', at: sla.firstResponseDueAt });
  });

  it('a resolved ticket: its auto-close time; a closed one: nothing', () => {
    expect(dueOf({ status: 'resolved', sla, slaClock: clock, autoCloseAt: '2026-01-09T00:00:00.000Z' })).toEqual({ kind: 'close', at: '2026-01-09T00:00:00.000Z' });
    expect(dueOf({ status: 'resolved', sla, slaClock: clock })).toBeUndefined();
    expect(dueOf({ status: 'closed', sla, slaClock: clock, autoCloseAt: '2026-01-09T00:00:00.000Z' })).toBeUndefined();
  });
});
