import { describe, expect, it } from 'vitest';
import { statuses } from './ticket.schema.ts';
import { agentMayMove, describeChanges, diff, formatNumber, matchesWords, mayChangeAssignee, parseNumber, requesterName, subjectWords, wordBuckets, withinReopenWindow } from './ticket.rules.ts';

describe('numbers', () => {
  it('formats with at least five digits', () => {
    expect(formatNumber(12)).toBe('SD-00012');
    expect(formatNumber(99999)).toBe('SD-99999');
    expect(formatNumber(123456)).toBe('SD-123456');
  });
  it('reads SD-00012, sd-12 and 12 as the same ticket, and nothing else', () => {
    expect(['SD-00012', 'sd-12', '12', 'SD12', ' 012 '].map(parseNumber)).toEqual([12, 12, 12, 12, 12]);
    expect(['', 'SD-', 'SD-0', 'abc', 'SD-12x', '1.5'].map(parseNumber)).toEqual([null, null, null, null, null, null]);
  });
});

describe('status machine for agents', () => {
  const allowed = new Set(['open>pending', 'pending>open', 'open>resolved', 'pending>resolved', 'resolved>open', 'closed>open', 'open>closed', 'pending>closed', 'resolved>closed']);
  for (const from of statuses) {
    for (const to of statuses) {
      if (from === to) continue;
      it(`${allowed.has(`${from}>${to}`) ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(agentMayMove(from, to)).toBe(allowed.has(`${from}>${to}`));
      });
    }
  }
});

describe('reopen window', () => {
  const closed = '2026-01-01T00:00:00.000Z';
  it('is open until the last day of the window and closed after', () => {
    expect(withinReopenWindow(closed, new Date('2026-01-15T00:00:00Z'), 14)).toBe(true);
    expect(withinReopenWindow(closed, new Date('2026-01-15T00:00:01Z'), 14)).toBe(false);
    expect(withinReopenWindow(undefined, new Date(), 0)).toBe(true);
  });
});

describe('search words', () => {
  it('splits, lower-cases, strips accents and de-duplicates', () => {
    expect(subjectWords('Printer on 3rd floor: printer JAMS — café')).toEqual(['printer', 'on', '3rd', 'floor', 'jams', 'cafe']);
  });
  it('buckets words by first character', () => {
    expect(wordBuckets(['printer', 'paper', 'jam'])).toEqual(['p', 'j']);
  });
  it('needs every query word to prefix some subject word', () => {
    const words = subjectWords('VPN drops every hour');
    expect(matchesWords(words, ['vp', 'hou'])).toBe(true);
    expect(matchesWords(words, ['vpn', 'minute'])).toBe(false);
    expect(matchesWords(words, ['pn'])).toBe(false);
  });
});

describe('assignment rights', () => {
  const agent = { id: 'a', roles: ['service-desk-agent' as const] };
  it('lets an agent take an unassigned ticket or move their own, not someone else’s', () => {
    expect(mayChangeAssignee(agent, undefined)).toBe(true);
    expect(mayChangeAssignee(agent, 'a')).toBe(true);
    expect(mayChangeAssignee(agent, 'b')).toBe(false);
  });
  it('lets supervisors and admins move anyone’s ticket', () => {
    expect(mayChangeAssignee({ id: 's', roles: ['service-desk-supervisor'] }, 'b')).toBe(true);
    expect(mayChangeAssignee({ id: 'd', roles: ['service-desk-admin'] }, 'b')).toBe(true);
  });
});

describe('changes', () => {
  it('lists only fields whose value differs, treating missing as null', () => {
    expect(diff({ status: 'open', tags: ['a'], queueId: undefined } as Record<string, unknown>, { status: 'open', tags: ['a', 'b'], queueId: null })).toEqual({
      tags: { from: ['a'], to: ['a', 'b'] },
    });
  });
  it('describes a change for the audit trail, with names where known', () => {
    expect(describeChanges({ status: { from: 'open', to: 'pending' }, assigneeId: { from: null, to: 'u1' } }, { u1: 'Alice Adams' })).toBe(
      'Status: open → pending\nAssignee: none → Alice Adams',
    );
  });
  it('describes a requester change by name or partner', () => {
    expect(describeChanges({ requester: { from: { type: 'manual', name: 'Zoe' }, to: { type: 'bp', bpId: 'BP-1' } } })).toBe('Requester: Zoe → BP-1');
  });
  it('names a requester by the name it carries, the partner, or its id', () => {
    expect(requesterName({ type: 'manual', name: 'Zoe' })).toBe('Zoe');
    expect(requesterName({ type: 'bp', bpId: 'BP-1' }, 'Northwind')).toBe('Northwind');
    expect(requesterName({ type: 'account', accountId: 'A-9' })).toBe('A-9');
  });
});
