import type { CliIO } from './io.ts';
import { colorAllowed, EXIT_USAGE } from './io.ts';
import { main } from './main.ts';

// `sigguard … | head` closes the pipe early: stop writing instead of crashing with an EPIPE
// stack trace, and let the command finish so the exit code is still the decision's.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  stdoutClosed = true;
});

const io: CliIO = {
  out: (l) => {
    if (!stdoutClosed) process.stdout.write(l + '\n');
  },
  err: (l) => process.stderr.write(l + '\n'),
  isTTY: colorAllowed(process.stdout.isTTY, process.env),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`sigguard: ${String(e)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
