// Tickets end to end in the browser: an agent creates a ticket through the three tabs with an
// attachment, adds an internal note, replies and sets it pending; the customer sees the reply (not the
// note), answers, and the ticket is open again.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { skipBrowserTests, useBrowserSuite } from './browser.ts';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(skipBrowserTests)('tickets', () => {
  const suite = useBrowserSuite();
  const { signedIn } = suite;

  const statusBadge = (page: Page, scope: string) => page.locator(`${scope} .badge[class*="badge-status-"]`).first();

  it('goes from creation by an agent to a customer reply that reopens it', async () => {
    const subject = `Label printer jams on every job ${Date.now()}`;
    const note = 'Internal: the customer is on firmware 2.1, known issue ENG-42.';
    const reply = 'Could you try **firmware 2.3** and tell us whether it still jams?';
    const answer = 'Updated to 2.3 and it still jams on the second label.';

    // ——— The agent creates the ticket: Details, Requester, Media.
    const agent = await signedIn('alice@acme.test');
    const a = agent.page;
    await a.goto('/');
    await a.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    await a.getByRole('link', { name: 'New ticket' }).click();
    await a.waitForURL((url) => url.pathname === '/tickets/new');

    await a.getByRole('tab', { name: 'Details', selected: true }).waitFor();
    await a.getByLabel('Subject').fill(subject);
    await a.getByLabel('Description', { exact: true }).fill('The printer in **hall B** jams on every job.\n\n- model LP-200\n- since Monday');
    await a.getByLabel('Source').selectOption('email');
    // The help topic's defaults show at once, but are the server's to apply (not sent unless changed).
    await a.getByLabel('Help topic').selectOption({ label: 'Service outage' });
    expect(await a.getByLabel('Priority').inputValue()).toBe('urgent');
    expect(await a.getByLabel('Queue').inputValue()).toBe('q-acme-general');
    const tags = a.getByLabel('Tags');
    await tags.fill('Hardware');
    await tags.press('Enter');
    await a.getByRole('button', { name: 'Remove tag hardware' }).waitFor();

    await a.getByRole('tab', { name: 'Requester' }).click();
    await a.getByRole('radio', { name: 'Business partner' }).check();
    await a.getByLabel('Search business partners').fill('Northwind');
    await a.getByRole('radio', { name: /Northwind Traders/ }).check();
    const contact = a.getByLabel('Contact (optional)');
    await contact.locator('option', { hasText: 'Carol Chen' }).waitFor({ state: 'attached' });
    const carol = await contact.locator('option', { hasText: 'Carol Chen' }).getAttribute('value');
    expect(carol).toBeTruthy();
    await contact.selectOption(carol ?? '');

    await a.getByRole('tab', { name: 'Media' }).click();
    const files = a.getByLabel('Attach files');
    // Refused before any upload: a type outside the allow-list.
    await files.setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await a.getByText('setup.exe: files of type application/x-msdownload cannot be attached', { exact: false }).waitFor();
    await a.getByRole('button', { name: 'Remove setup.exe' }).click();
    await files.setInputFiles({ name: 'jam.png', mimeType: 'image/png', buffer: PNG });
    await a.locator('.upload-done', { hasText: 'jam.png' }).waitFor();

    const created = a.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/tenants/acme/tickets'));
    await a.getByRole('button', { name: 'Create ticket' }).click();
    const sent = (await created).postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({ subject, source: 'email', helpTopicId: 'ht-acme-outage', tags: ['hardware'], requester: { type: 'bp', bpId: 'BP-1001', contactId: carol } });
    expect(sent).not.toHaveProperty('priority');
    expect(sent).not.toHaveProperty('queueId');
    expect(sent).not.toHaveProperty('assigneeId');
    expect(sent.attachmentIds).toHaveLength(1);
    await a.waitForURL((url) => /^\/tickets\/acme\/SD-\d{5,}$/.test(url.pathname));
    const number = decodeURIComponent(new URL(a.url()).pathname.split('/').pop() ?? '');
    await a.getByRole('heading', { level: 1, name: `${number} · ${subject}` }).waitFor();
    expect(await statusBadge(a, '.ticket-heading-meta').textContent()).toBe('Open');
    await a.locator('.ticket-heading-meta .badge-priority-urgent').waitFor(); // the topic's default, applied by the API
    await a.getByText('hall B', { exact: true }).waitFor(); // the description, rendered from markdown
    const overview = a.getByRole('complementary');
    expect(await overview.textContent()).toContain('hardware');
    const link = a.getByRole('link', { name: /jam\.png/ }).first();
    const download = await a.request.get((await link.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);

    // ——— An internal note, then a reply that sets the ticket pending.
    await a.getByRole('radio', { name: 'Internal note' }).check();
    await a.getByLabel('Note', { exact: true }).fill(note);
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    const noteEntry = a.locator('.entry-note', { hasText: note });
    await noteEntry.waitFor();
    expect(await noteEntry.textContent()).toContain('Internal note');

    await a.getByRole('radio', { name: 'Reply' }).check();
    await a.getByLabel('Message', { exact: true }).fill(reply);
    await a.getByRole('button', { name: 'Send and set pending' }).click();
    await a.locator('.entry-reply', { hasText: 'Could you try firmware 2.3' }).waitFor();
    await a.locator('.ticket-heading-meta .badge-status-pending').waitFor();
    expect(await a.locator('.entry-reply strong', { hasText: 'firmware 2.3' }).count()).toBe(1); // markdown rendered

    // The list shows it too, found by its number.
    await a.goto(`/?q=${encodeURIComponent(number)}`);
    const row = a.getByRole('row', { name: new RegExp(number) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Northwind Traders');
    expect(await row.textContent()).toContain('Pending');
    expect(await a.getByLabel('Search', { exact: true }).inputValue()).toBe(number);

    // Pages by cursor: ten at a time, then "Load more" appends the next page.
    await a.goto('/?limit=10');
    const rows = a.locator('tbody tr');
    await rows.first().waitFor();
    const firstPage = await rows.count();
    expect(firstPage).toBeLessThanOrEqual(10);
    await a.getByRole('button', { name: 'Load more' }).click();
    await a.waitForFunction((shown) => document.querySelectorAll('tbody tr').length > shown, firstPage);
    const numbers = await a.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(numbers).size).toBe(numbers.length); // no ticket twice
    expect(numbers).toContain(number);

    // ——— The customer of the same partner: sees the reply, not the note, and answers.
    const customer = await signedIn('carol@customer.test');
    const c = customer.page;
    await c.goto('/service-desk/my/tickets');
    await c.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    await c.getByRole('link', { name: number }).click();
    await c.waitForURL((url) => url.pathname === `/service-desk/my/tickets/${number}`);
    await c.getByRole('heading', { level: 1, name: `${number} · ${subject}` }).waitFor();
    await c.locator('.entry-reply', { hasText: 'Could you try firmware 2.3' }).waitFor();
    await c.locator('.ticket-heading-meta .badge-status-pending').waitFor();
    const seen = (await c.locator('main').textContent()) ?? '';
    expect(seen).not.toContain('ENG-42');
    expect(seen).not.toContain('Internal note');
    expect(await c.locator('.entry-note').count()).toBe(0);

    await c.getByLabel('Your message', { exact: true }).fill(answer);
    await c.getByRole('button', { name: 'Send reply' }).click();
    await c.locator('.entry-reply', { hasText: answer }).waitFor();
    await c.locator('.ticket-heading-meta .badge-status-open').waitFor();

    // ——— Back with the agent: open again, with the customer's answer in the thread.
    await a.goto(`/tickets/acme/${number}`);
    await a.locator('.entry-reply', { hasText: answer }).waitFor();
    expect(await statusBadge(a, '.ticket-heading-meta').textContent()).toBe('Open');

    expect(agent.errors.map((e) => e.stack ?? e.message)).toEqual([]);
    expect(customer.errors.map((e) => e.stack ?? e.message)).toEqual([]);
  });

  it('shows the fresh ticket, not a silent overwrite, when someone else changed it', async () => {
    const agent = await signedIn('sam@acme.test');
    const a = agent.page;
    await a.goto('/tickets/new');
    await a.getByLabel('Subject').fill(`Conflict check ${Date.now()}`);
    await a.getByRole('tab', { name: 'Requester' }).click();
    await a.getByRole('radio', { name: /Manual/ }).check();
    await a.getByRole('textbox', { name: 'Name', exact: true }).fill('Walk-in visitor');
    await a.getByLabel('Email', { exact: true }).fill('not-an-email');
    await a.getByRole('button', { name: 'Create ticket' }).click();
    // The API's 400 names `requester.email`; the form shows it next to the field, on its tab.
    const email = a.getByRole('textbox', { name: 'Email', exact: true });
    await a.locator('[aria-invalid="true"]').first().waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await a.locator(`[id="${describedBy}"]`).textContent()).toMatch(/email/i);
    expect(await a.getByRole('tab', { name: /Requester/ }).getAttribute('aria-selected')).toBe('true');
    expect(new URL(a.url()).pathname).toBe('/tickets/new');
    await email.fill('visitor@example.com');
    await a.getByRole('button', { name: 'Create ticket' }).click();
    await a.waitForURL((url) => /^\/tickets\/acme\/SD-\d+$/.test(url.pathname));
    const number = decodeURIComponent(new URL(a.url()).pathname.split('/').pop() ?? '');

    // Someone else raises the priority behind this page's back.
    const token = await a.evaluate(() => localStorage.getItem('sd.token'));
    const path = `${suite.runtime.url}/api/tenants/acme/tickets/${number}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const before = (await (await fetch(path, { headers })).json()) as { version: number };
    const changed = await fetch(path, { method: 'PATCH', headers: { ...headers, 'if-match': String(before.version) }, body: JSON.stringify({ priority: 'urgent' }) });
    expect(changed.status).toBe(200);

    // This page still has the old version: its change is refused and the fresh ticket shown.
    await a.getByRole('complementary').getByRole('button', { name: 'Edit', exact: true }).click();
    await a.getByLabel('Priority').selectOption('low');
    await a.getByRole('button', { name: 'Save changes' }).click();
    await a.getByRole('alert').filter({ hasText: 'This ticket was changed by someone else' }).waitFor();
    await a.locator('.ticket-heading-meta .badge-priority-urgent').waitFor();
    expect(agent.errors.map((e) => e.stack ?? e.message)).toEqual([]);
  });
});
