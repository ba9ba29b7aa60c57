// Shared by every browser test: headless system Chromium through playwright-core, and the suite
// setup around it (built site + local runtime + Chromium, pages signed in with a dev token).
// Rule (ARCHITECTURE.md): no Chromium → the suite is skipped, except with CI=true, where it fails.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildWeb } from '../../infra/local/build.ts';
import { startRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';

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

export type BrowserSuite = {
  /** The local runtime (in memory, seeded, idle once started) serving the built site. */
  readonly runtime: LocalRuntime;
  /** A dev token for a seeded user, as the sign-in page obtains it. */
  tokenOf(email: string): Promise<string>;
  /** A fresh page (own context), closed after the test. */
  open(): Promise<TestPage>;
  /** A fresh page signed in as `email` (a dev token in localStorage, as the sign-in page stores it), closed after the test. */
  signedIn(email: string): Promise<TestPage>;
};

/**
 * The setup of a browser suite, for the body of a `describe.skipIf(skipBrowserTests)`: before all,
 * Chromium (first: with CI=true and no Chromium, fail before anything else), the built site and the
 * local runtime on a free port; after each test its pages are closed; after all, both stopped.
 */
export function useBrowserSuite(): BrowserSuite {
  let runtime: LocalRuntime | undefined;
  let browser: Browser | undefined;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    await buildWeb({});
    runtime = await startRuntime({ port: 0, dataDir: ':memory:' });
    await runtime.activity.idle();
  });

  afterEach(async () => {
    for (const page of opened.splice(0)) await page.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  const started = () => {
    if (!browser || !runtime) throw new Error('beforeAll did not finish');
    return { browser, runtime };
  };

  const suite: BrowserSuite = {
    get runtime() {
      return started().runtime;
    },
    async tokenOf(email) {
      const response = await fetch(`${started().runtime.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { token: string }).token;
    },
    async open() {
      const { browser, runtime } = started();
      const current = await openPage(browser, runtime.url);
      opened.push(current);
      return current;
    },
    async signedIn(email) {
      const token = await suite.tokenOf(email);
      const current = await suite.open();
      await current.context.addInitScript((value) => {
        if (!localStorage.getItem('sd.token')) localStorage.setItem('sd.token', value);
      }, token);
      return current;
    },
  };
  return suite;
}
