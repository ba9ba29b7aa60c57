// The notification bell end to end: a queue lead's bell counts up on its 30-second refresh after an
// escalation, the list opens the ticket (marking it read), and "Mark read" counts down too.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../infra/local/modules.ts';
import { skipBrowserTests, useBrowserSuite } from './browser.ts';

describe.skipIf(skipBrowserTests)('notifications', () => {
  const suite = useBrowserSuite();
  const { signedIn, tokenOf } = suite;

  /** A ticket in acme's General Support (led by Sam), escalated by the SLA sweep as the `notify-leads` target receives it. */
  async function escalate(subject: string): Promise<{ number: string; message: string }> {
    const { runtime } = suite;
    const token = await tokenOf('alice@acme.test');
    const res = await fetch(`${runtime.url}/api/tenants/acme/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject, description: 'Smoke.', source: 'phone', queueId: 'q-acme-general', requester: { type: 'manual', name: 'Front desk' } }),
    });
    expect(res.status).toBe(201);
    const ticket = (await res.json()) as { number: string; version: number; sla: Record<string, unknown> };
    const occurredAt = runtime.clock.now().toISOString();
    const after = { ...ticket, priority: 'urgent', version: ticket.version + 1, sla: { ...ticket.sla, breached: 'resolution', breachedAt: occurredAt, escalationLevel: 1, escalatedAt: occurredAt } };
    await invoke('functions/events/notify-leads', {
      'detail-type': 'ticket.escalated',
      source: 'service-desk',
      detail: { eventId: randomUUID(), tenantId: 'acme', number: ticket.number, version: after.version, occurredAt, actor: { id: 'system', type: 'system' }, data: { reason: 'sla', level: 1 }, ticket: after },
    });
    return { number: ticket.number, message: `${ticket.number} “${subject}” escalated to urgent: resolution target breached` };
  }

  const bell = (page: Page) => page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  const unreadOf = async (page: Page) => Number(/(\d+) unread/.exec((await bell(page).getAttribute('aria-label')) ?? '')?.[1]);
  const bellSays = (page: Page, count: number) => page.getByRole('button', { name: `Notifications, ${count} unread`, exact: true }).waitFor();

  it('counts up on the refresh, opens the ticket from the list, and counts down when read', async () => {
    const lead = await signedIn('sam@acme.test');
    const p = lead.page;
    // Timers of the page run on a clock the test moves, so the 30-second refresh needs no waiting.
    await p.clock.install();
    const loaded = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/me/notifications');
    await p.goto('/');
    await p.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    const before = ((await (await loaded).json()) as { unreadCount: number }).unreadCount;
    await bellSays(p, before);

    const first = await escalate(`Printer on fire ${Date.now()}`);
    const second = await escalate(`Badge reader dead ${Date.now()}`);
    await p.clock.fastForward(29_000);
    expect(await unreadOf(p)).toBe(before); // not yet: the refresh is every 30 s
    await p.clock.fastForward(1_500);
    await bellSays(p, before + 2);
    expect(await p.locator('.bell-badge').textContent()).toBe(String(before + 2));

    // Open the list: newest first, unread marked, each a link to its ticket.
    await bell(p).click();
    const panel = p.getByRole('region', { name: 'Notifications' });
    await panel.waitFor();
    const items = panel.locator('li');
    await items.filter({ hasText: second.message }).waitFor();
    expect(await items.first().textContent()).toContain(second.message);
    expect(await items.filter({ hasText: first.message }).getAttribute('class')).toContain('notification-unread');

    await panel.getByRole('link', { name: `Unread: ${first.message}` }).click();
    await p.waitForURL((url) => url.pathname === `/tickets/acme/${first.number}`);
    await p.getByRole('heading', { level: 1, name: new RegExp(`^${first.number} · `) }).waitFor();
    await bellSays(p, before + 1);
    expect(await panel.count()).toBe(0); // the list closed on the way

    // "Mark read" on the other one.
    await bell(p).click();
    const other = panel.locator('li').filter({ hasText: second.message });
    await other.getByRole('button', { name: `Mark ${second.number} read` }).click();
    await bellSays(p, before);
    await p.waitForFunction((msg) => [...document.querySelectorAll('.notification')].some((li) => li.textContent?.includes(msg) && !li.classList.contains('notification-unread')), second.message);
    expect(await panel.locator('li').filter({ hasText: first.message }).getAttribute('class')).not.toContain('notification-unread');

    // Escape closes the list and gives focus back to the bell.
    await p.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
    expect(await bell(p).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(lead.errors.map((e) => e.stack ?? e.message)).toEqual([]);
  });

  it('shows a member who leads no queue an empty bell, and customers none at all', async () => {
    const agent = await signedIn('alice@acme.test');
    await agent.page.goto('/');
    await bellSays(agent.page, 0);
    expect(await agent.page.locator('.bell-badge').count()).toBe(0);
    await bell(agent.page).click();
    await agent.page.getByText('No notifications.', { exact: false }).waitFor();

    const customer = await signedIn('carol@customer.test');
    await customer.page.goto('/service-desk/my/tickets');
    await customer.page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    expect(await customer.page.getByRole('button', { name: /^Notifications/ }).count()).toBe(0);
    expect([...agent.errors, ...customer.errors].map((e) => e.stack ?? e.message)).toEqual([]);
  });
});
