// Headless Debian Chromium via playwright-core, with the network off: every request that
// is not to the loopback test server is aborted and recorded (the test asserts none).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SIGGUARD_CHROMIUM ?? '/usr/bin/chromium';

export interface OfflinePage {
  page: Page;
  blocked: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens `${origin}/index.html` in headless Chromium. Requests to `origin` and to `alsoAllowed` origins
 * (a loopback registry, say) go through; every other request is aborted and recorded.
 */
export async function openOfflinePage(origin: string, alsoAllowed: string[] = []): Promise<OfflinePage> {
  if (!existsSync(CHROMIUM_PATH)) {
    // Not a skip: CI installs it (scripts/install-system-deps.sh), so a missing browser is a failure.
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run scripts/install-system-deps.sh (apt-get install -y chromium)`,
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
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
  return { page, blocked, consoleErrors, close: () => browser.close() };
}
