// One headless Chromium for a whole test run (scripts/run-tests.mjs): a Chromium launch costs 4-7 CPU-seconds
// with its helper processes, and ten files opened one each. When the selected files open pages
// (test-vectors/src/support/chromium), a playwright-core browser server starts here with the same options and
// its endpoint goes to every file in SIGGUARD_CHROMIUM_WS; openOfflinePage gives each page a BrowserContext of
// its own. A browser that exits during the run is reported here, and the files using it fail on their calls.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { enterCpuCgroup, removeCpuCgroup } from './cpu-cgroup.mjs';

const USES_CHROMIUM = /support\/chromium/;

/** Whether a test file (or a generated group file, through the files it imports) opens Chromium pages. */
function usesChromium(file) {
  const text = readFileSync(file, 'utf8');
  if (USES_CHROMIUM.test(text)) return true;
  const members = [...text.matchAll(/await import\("(file:[^"]+)"\)/g)].map((m) => fileURLToPath(m[1]));
  return members.some((m) => USES_CHROMIUM.test(readFileSync(m, 'utf8')));
}

/**
 * Starts the shared browser when `files` need one (and SIGGUARD_SHARED_CHROMIUM is not `off`). Returns the
 * environment to pass to the test files and `stop()` (closes the browser), or undefined.
 */
export async function startSharedChromium(files) {
  if (process.env.SIGGUARD_SHARED_CHROMIUM === 'off' || !files.some(usesChromium)) return undefined;
  const { launchChromiumServer, SHARED_CHROMIUM_ENV } = await import('../test-vectors/src/support/chromium/browser.ts');
  let server;
  const cgroup = process.env.SIGGUARD_TEST_CPU ? enterCpuCgroup(`sigguard-shared-chromium-${process.pid}`) : undefined;
  try {
    server = await launchChromiumServer();
  } catch (e) {
    // No Chromium, say: each file launches its own and fails with the reason when it opens its page.
    console.error(`run-tests: no shared Chromium (${e.message.split('\n')[0]})`);
    return undefined;
  } finally {
    cgroup?.leave(); // the browser's processes stay in it; the runner goes back
  }
  let stopping = false;
  server.on('close', () => {
    if (!stopping) console.error('run-tests: the shared Chromium exited during the run: the files using it fail');
  });
  return {
    env: { [SHARED_CHROMIUM_ENV]: server.wsEndpoint() },
    async stop() {
      stopping = true;
      await server.close();
      const used = cgroup?.cpuSeconds();
      if (used !== undefined)
        console.log(`CPU of the shared Chromium (every process of it, cgroup): ${used.toFixed(1)} s`);
      if (cgroup) removeCpuCgroup(cgroup.path);
    },
  };
}
