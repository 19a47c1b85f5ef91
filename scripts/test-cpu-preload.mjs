// Preloaded into every test file's process when SIGGUARD_TEST_CPU_DIR is set (node scripts/run-tests.mjs
// --cpu): at exit writes the file's CPU time (its own user+system, and that of every child it waited
// for, recursively: CLIs, Chromium, registries) from /proc/self/stat, and how many processes it
// spawned (Chromium launches apart), so scripts/run-tests.mjs can print CPU per file. Linux only.
// Where the cgroup v1 cpuacct hierarchy is writable (root in a container), the file's process also moves into a
// cgroup of its own: its `cgroup` figure is the CPU of every process the file started, including those nobody
// waits for (Chromium's renderer and GPU processes, daemons killed at the end), which /proc's cutime misses.
import childProcess from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { enterCpuCgroup } from './cpu-cgroup.mjs';

const dir = process.env.SIGGUARD_TEST_CPU_DIR;
const file = process.argv[1];
if (dir && file) {
  const cgroup = enterCpuCgroup(`sigguard-test-${process.pid}`);
  let spawned = 0;
  let chromium = 0;
  const spawn = childProcess.ChildProcess.prototype.spawn;
  childProcess.ChildProcess.prototype.spawn = function countedSpawn(options) {
    spawned += 1;
    if (/chrom/i.test(String(options?.file))) chromium += 1;
    return spawn.call(this, options);
  };
  // The synchronous ones do not go through ChildProcess: counted at their exports (named imports too).
  for (const name of ['spawnSync', 'execFileSync', 'execSync']) {
    const original = childProcess[name];
    childProcess[name] = function countedSync(command, ...rest) {
      spawned += 1;
      if (/chrom/i.test(String(command))) chromium += 1;
      return original.call(this, command, ...rest);
    };
  }
  syncBuiltinESMExports();
  process.on('exit', () => {
    // Fields after the command name (which may hold spaces): utime stime cutime cstime are 14-17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (i) => Number(fields[i - 3]) / 100;
    const record = {
      file,
      self: ticks(14) + ticks(15),
      children: ticks(16) + ticks(17),
      spawned,
      chromium,
      ...(cgroup ? { cgroup: cgroup.cpuSeconds(), cgroupPath: cgroup.path } : {}),
      // When the process ran (ms since the epoch): the run's timeline, to see where cores sat idle.
      start: Math.round(performance.timeOrigin),
      end: Date.now(),
    };
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(record));
  });
}
