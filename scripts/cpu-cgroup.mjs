// cgroup v1 cpuacct groups for the test run's CPU accounting (SIGGUARD_TEST_CPU=1): a process moved into a group
// of its own takes every process it starts along (children inherit the group), so the group's usage counts the
// ones nobody waits for (Chromium's helpers, esbuild's service, daemons killed at the end). Linux, and only where
// the hierarchy is writable (root in a container); elsewhere every function here answers undefined.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Moves this process into a new cpuacct group `name` under its current one. `leave()` moves it back (processes
 * it started meanwhile stay counted there); `cpuSeconds()` reads the group's usage; `path` names it.
 */
export function enterCpuCgroup(name) {
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .find((l) => /^\d+:[^:]*\bcpuacct\b[^:]*:/.test(l));
    if (!line) return undefined;
    const parent = join('/sys/fs/cgroup/cpuacct', line.slice(line.lastIndexOf(':') + 1));
    const path = join(parent, name);
    mkdirSync(path);
    writeFileSync(join(path, 'cgroup.procs'), String(process.pid));
    return {
      path,
      leave: () => writeFileSync(join(parent, 'cgroup.procs'), String(process.pid)),
      cpuSeconds: () => cgroupCpuSeconds(path),
    };
  } catch {
    return undefined; // not writable here
  }
}

/** CPU seconds used by every process that was ever in the group at `path`. */
export function cgroupCpuSeconds(path) {
  return Number(readFileSync(join(path, 'cpuacct.usage'), 'utf8')) / 1e9;
}

/**
 * Removes the group at `path`, moving processes still in it to its parent first. Returns their pids (a test
 * file's leftovers); a group whose last process is still exiting stays, empty (harmless).
 */
export function removeCpuCgroup(path) {
  let stray = [];
  try {
    stray = readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
    for (const pid of stray) writeFileSync(join(dirname(path), 'cgroup.procs'), pid);
    rmdirSync(path);
  } catch {
    // already gone, or a process still exiting
  }
  return stray;
}
