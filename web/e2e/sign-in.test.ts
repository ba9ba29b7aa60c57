// The web shell end to end: built site + local runtime + headless Chromium.
import { describe, expect, it } from 'vitest';
import { skipBrowserTests, useBrowserSuite } from './browser.ts';

describe.skipIf(skipBrowserTests)('sign-in', () => {
  const { open } = useBrowserSuite();

  const pathOf = (url: string) => new URL(url).pathname;

  it('signs an agent in from the user list and shows them in the header', async () => {
    const { page, errors } = await open();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/sign-in');

    await page.getByRole('button', { name: /Alice Adams/ }).click();

    await page.waitForURL((url) => url.pathname === '/');
    const header = page.getByRole('banner');
    await header.getByText('Alice Adams', { exact: true }).waitFor();
    expect(await header.textContent()).toContain('Agent');
    await page.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('sd.token'))).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // Internal users on the portal path are sent home; the session survives a reload.
    await page.goto('/service-desk/my/tickets');
    await page.waitForURL((url) => url.pathname === '/');
    await header.getByText('Alice Adams', { exact: true }).waitFor();

    // Signing out drops the token and returns to the sign-in page.
    await header.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.evaluate(() => localStorage.getItem('sd.token'))).toBeNull();
    expect(errors).toEqual([]);
  });

  it('sends a customer to the portal', async () => {
    const { page, errors } = await open();
    await page.goto('/sign-in');

    await page.getByRole('button', { name: /Carol Chen/ }).click();

    await page.waitForURL((url) => url.pathname === '/service-desk/my/tickets');
    await page.getByRole('banner').getByText('Carol Chen', { exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();

    // A customer landing on the agent home is sent to the portal.
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/service-desk/my/tickets');
    expect(pathOf(page.url())).toBe('/service-desk/my/tickets');
    expect(errors).toEqual([]);
  });

  it('treats an invalid stored token as an expired session', async () => {
    const { page, errors } = await open();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: /Alice Adams/ }).waitFor();
    await page.evaluate(() => localStorage.setItem('sd.token', 'not-a-real-token'));

    await page.goto('/');

    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByRole('alert').filter({ hasText: 'Your session has expired — please sign in again.' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('sd.token'))).toBeNull();
    // The user list is still there, so signing in again is one click away.
    await page.getByRole('button', { name: /Alice Adams/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
