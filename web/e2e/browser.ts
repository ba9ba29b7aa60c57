// Shared by every browser test: headless system Chromium through playwright-core.
// Rule (ARCHITECTURE.md): no Chromium → the suite is skipped, except with CI=true, where it fails.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const chromiumMissing = !existsSync(CHROMIUM_PATH);

/** For `describe.skipIf(skipBrowserTests)`: true only when Chromium is missing outside CI. */
export const skipBrowserTests = chromiumMissing && process.env.CI !== 'true';

if (skipBrowserTests) {
  console.warn(`Browser tests skipped: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium).`);
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) {
    throw new Error(
      `Chromium is required for the browser tests but ${CHROMIUM_PATH} does not exist. ` +
        'With CI=true a missing browser fails the run instead of skipping it; install it with: apt-get install -y chromium',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export type TestPage = {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page, to assert on (a blank page usually starts as one of these). */
  errors: Error[];
};

/** A fresh context (own localStorage) and page for one test, with relative URLs resolved against baseURL. */
export async function openPage(browser: Browser, baseURL: string): Promise<TestPage> {
  const context = await browser.newContext({ baseURL });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return { context, page, errors };
}
