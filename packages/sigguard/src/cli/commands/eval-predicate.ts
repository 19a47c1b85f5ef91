import { UsageError, type Command } from '../io.ts';

export const evalPredicateCommand: Command = {
  name: 'eval-predicate',
  summary: 'evaluate a CUE or Rego policy against an attestation',
  usage: 'usage: sigguard eval-predicate ...',
  async run() {
    throw new UsageError('not implemented yet');
  },
};
