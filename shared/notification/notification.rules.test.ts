import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { escalationMessage, escalationReason, notificationId } from './notification.rules.ts';

describe('notification rules', () => {
  it('derives the id from the event and the user, ordered by the escalation time', () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    const id = notificationId('evt-1', 'u1', at);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(notificationId('evt-1', 'u1', at)).toBe(id);
    expect(notificationId('evt-1', 'u2', at)).not.toBe(id);
    expect(notificationId('evt-2', 'u1', at)).not.toBe(id);
    expect(decodeTime(id)).toBe(at.getTime());
    expect(notificationId('evt-0', 'u1', new Date(at.getTime() + 1)) > id).toBe(true);
  });

  it('names the reason: the rule, else the breach the ticket carries', () => {
    expect(escalationReason({ reason: 'rule' }, 'resolution')).toBe('rule');
    expect(escalationReason({ reason: 'sla' }, 'first_response')).toBe('first_response_breach');
    expect(escalationReason({ reason: 'sla' }, 'resolution')).toBe('resolution_breach');
  });

  it('says which ticket, to what priority and why', () => {
    const ticket = { number: 'SD-00012', subject: 'Printer on fire', priority: 'urgent' };
    expect(escalationMessage(ticket, 'resolution_breach')).toBe('SD-00012 “Printer on fire” escalated to urgent: resolution target breached');
    expect(escalationMessage(ticket, 'first_response_breach')).toBe('SD-00012 “Printer on fire” escalated to urgent: first response target breached');
    expect(escalationMessage(ticket, 'rule', 'VIP customers')).toBe('SD-00012 “Printer on fire” escalated to urgent by routing rule “VIP customers”');
    expect(escalationMessage(ticket, 'rule')).toBe('SD-00012 “Printer on fire” escalated to urgent by a routing rule');
  });
});
