// Headless Debian Chromium via playwright-core, with the network off: every request that
// is not to the loopback test server is aborted and recorded (the test asserts none).
// One browser per test run: scripts/run-tests.mjs starts it (scripts/shared-chromium.mjs) and passes its endpoint in
// SIGGUARD_CHROMIUM_WS; each page then gets a BrowserContext of its own (its own storage, IndexedDB, cache), which
// costs a fraction of a browser launch. Without the variable (one file run alone, the bench) it launches its own.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserServer, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SIGGUARD_CHROMIUM ?? '/usr/bin/chromium';
/** The ws endpoint of the run's shared browser (a playwright-core browser server), when there is one. */
export const SHARED_CHROMIUM_ENV = 'SIGGUARD_CHROMIUM_WS';

/** How every Chromium of the tests starts, shared or not. */
export function chromiumLaunchOptions() {
  if (!existsSync(CHROMIUM_PATH)) {
    // Not a skip: CI installs it (scripts/install-system-deps.sh), so a missing browser is a failure.
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run scripts/install-system-deps.sh (apt-get install -y chromium)`,
    );
  }
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  };
}

/** The run's shared browser (scripts/shared-chromium.mjs): a browser server the files connect to. */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(chromiumLaunchOptions());
}

export interface OfflinePage {
  page: Page;
  blocked: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

/** The run's shared browser (a connection of this page's own) or a browser launched for this page alone. */
async function browserForPage(): Promise<Browser> {
  const endpoint = process.env[SHARED_CHROMIUM_ENV];
  if (!endpoint) return chromium.launch(chromiumLaunchOptions());
  try {
    return await chromium.connect(endpoint, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`the test run's shared Chromium (${SHARED_CHROMIUM_ENV}=${endpoint}) is not reachable: ${e}`);
  }
}

/**
 * Opens `${origin}/index.html` in headless Chromium, in a fresh BrowserContext. Requests to `origin` and to
 * `alsoAllowed` origins (a loopback registry, say) go through; every other request is aborted and recorded.
 */
export async function openOfflinePage(origin: string, alsoAllowed: string[] = []): Promise<OfflinePage> {
  const browser = await browserForPage();
  // Launched for this page: closes the browser; connected to the run's shared one: disconnects only. Never throws
  // (a test closes its server after this): a browser that went away has failed the test's own calls already.
  const close = async () => {
    await browser.close().catch(() => {});
  };
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if ([origin, ...alsoAllowed].some((o) => url === o || url.startsWith(`${o}/`))) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`${origin}/index.html`);
    return { page, blocked, consoleErrors, close };
  } catch (e) {
    await close(); // an open connection would keep the test's process alive
    throw e;
  }
}
