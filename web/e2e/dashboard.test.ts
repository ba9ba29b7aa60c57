// The SLA dashboard in the browser: an agent opens it from the navigation and sees the three tiles,
// the 7-day chart (recharts' SVG) with its legend and table, and the recent tickets; the figures
// refresh on their own; the filters send tenant and queue.
import { describe, expect, it } from 'vitest';
import { skipBrowserTests, useBrowserSuite } from './browser.ts';

describe.skipIf(skipBrowserTests)('dashboard', () => {
  const suite = useBrowserSuite();
  const { signedIn, tokenOf } = suite;

  it('shows an agent the tiles, the chart with legend and table, and the recent tickets, and refreshes every 30 s', async () => {
    const { page, errors } = await signedIn('alice@acme.test');
    await page.clock.install();
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await page.getByRole('heading', { level: 1, name: 'SLA dashboard' }).waitFor();

    // Three tiles, each a number.
    const tiles = page.locator('.dashboard-tile');
    await tiles.first().waitFor();
    expect(await tiles.count()).toBe(3);
    expect(await page.locator('.dashboard-tile-label').allTextContents()).toEqual(['Open', 'Breached', 'Escalated']);
    for (const value of await page.locator('.dashboard-tile-value').allTextContents()) expect(value).toMatch(/^\d+$/);

    // The chart is recharts' SVG with three lines; the legend names them.
    const chart = page.locator('.dashboard-chart svg.recharts-surface');
    await chart.waitFor();
    await page.locator('.dashboard-chart .recharts-line-curve').nth(2).waitFor({ state: 'attached' });
    expect(await page.locator('.dashboard-chart .recharts-line-curve').count()).toBe(3);
    expect(await page.getByRole('list', { name: 'Legend' }).getByRole('listitem').allTextContents()).toEqual(['Created', 'Resolved', 'Breached']);

    // The same figures as a table: seven days, shown on request (and always there for screen readers).
    const table = page.getByRole('table', { name: /Tickets per day/ });
    expect(await table.locator('tbody tr').count()).toBe(7);
    // Visually hidden (a clipped 1 px box) until asked for.
    const width = async () => (await table.locator('xpath=..').boundingBox())?.width ?? 0;
    expect(await width()).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(width).toBeGreaterThan(100);
    expect(await page.getByRole('button', { name: 'Show as table' }).getAttribute('aria-pressed')).toBe('true');

    // A ticket created elsewhere shows after the next automatic refresh.
    const openBefore = Number(await tiles.nth(0).locator('.dashboard-tile-value').textContent());
    const subject = `Dashboard refresh check ${Date.now()}`;
    const created = await fetch(`${suite.runtime.url}/api/tenants/acme/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf('alice@acme.test')}` },
      body: JSON.stringify({ subject, description: 'x', source: 'email', requester: { type: 'manual', name: 'Pat' } }),
    });
    expect(created.status).toBe(201);
    const { number } = (await created.json()) as { number: string };
    await suite.runtime.activity.idle();
    const refreshed = page.waitForResponse((r) => r.url().includes('/api/dashboard/sla') && r.status() === 200);
    await page.clock.fastForward(30_000);
    await refreshed;
    await page.locator('.dashboard-tile-open .dashboard-tile-value', { hasText: String(openBefore + 1) }).waitFor();

    // The recent tickets lead with it and link to Ticket Detail.
    const recent = page.getByRole('table', { name: 'The 10 most recently updated tickets' });
    await recent.getByRole('link', { name: number }).waitFor();
    expect(await recent.locator('tbody tr').count()).toBeLessThanOrEqual(10);
    expect(await recent.locator('tbody tr').first().textContent()).toContain(subject);
    await recent.getByRole('link', { name: number }).click();
    await page.waitForURL((url) => url.pathname === `/tickets/acme/${number}`);
    await page.getByRole('heading', { level: 1, name: `${number} · ${subject}` }).waitFor();
    expect(errors).toEqual([]);
  });

  it('filters by tenant and then by one of its queues', async () => {
    const { page, errors } = await signedIn('ada@acme.test');
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'SLA dashboard' }).waitFor();
    await page.locator('.dashboard-tile').first().waitFor();
    const queue = page.getByLabel('Queue');
    expect(await queue.isDisabled()).toBe(true); // several tenants: a queue needs one

    const byTenant = page.waitForRequest((r) => r.url().includes('/api/dashboard/sla?tenant=globex'));
    await page.getByLabel('Tenant').selectOption('globex');
    await byTenant;
    await queue.locator('option', { hasText: 'Escalations' }).waitFor({ state: 'attached' });
    const byQueue = page.waitForRequest((r) => r.url().includes('/api/dashboard/sla?tenant=globex&queue=q-globex-escalations'));
    await queue.selectOption('q-globex-escalations');
    await byQueue;
    await page.waitForURL((url) => url.search === '?tenant=globex&queue=q-globex-escalations');
    await page.locator('.dashboard-chart svg.recharts-surface').waitFor();
    expect(await page.locator('.dashboard-tile').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
