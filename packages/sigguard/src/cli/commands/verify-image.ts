import { UsageError, type Command } from '../io.ts';

export const verifyImageCommand: Command = {
  name: 'verify-image',
  summary: 'verify an image against ClusterImagePolicy documents',
  usage: 'usage: sigguard verify-image ...',
  async run() {
    throw new UsageError('not implemented yet');
  },
};
