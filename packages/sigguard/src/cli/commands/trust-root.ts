import { UsageError, type Command } from '../io.ts';

export const trustRootCommand: Command = {
  name: 'trust-root',
  summary: 'inspect and check trust roots (trust-root inspect FILE)',
  usage: 'usage: sigguard trust-root ...',
  async run() {
    throw new UsageError('not implemented yet');
  },
};
