import type { CliIO } from './io.ts';
import { EXIT_USAGE } from './io.ts';
import { main } from './main.ts';

const io: CliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  isTTY: Boolean(process.stdout.isTTY),
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
