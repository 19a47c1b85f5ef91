// A fuzz worker (child process): runs the cases the coordinator sends, one at a time. It tells
// the coordinator when a target's one-time setup starts, so setup is not charged to a case.
import './network-guard.ts';
import { caseStream, runCase, selectCatalog } from './catalog.ts';
import type { FuzzTarget } from './target.ts';

const seed = Number(process.env.SIGGUARD_FUZZ_SEED);
const catalog = selectCatalog(process.env.SIGGUARD_FUZZ_ONLY ? process.env.SIGGUARD_FUZZ_ONLY.split(',') : undefined);
const loaded = new Map<string, FuzzTarget>();

process.on('disconnect', () => process.exit(0));
process.on('message', async (msg: { index: number; capped: string[] }) => {
  const { entry } = caseStream(seed, msg.index, catalog);
  if (!loaded.has(entry.name)) {
    process.send!({ type: 'setup', index: msg.index, target: entry.name });
    const target = await entry.load();
    await target.setup?.();
    loaded.set(entry.name, target);
  }
  process.send!({ type: 'start', index: msg.index, target: entry.name });
  const capped = new Set(msg.capped);
  const result = await runCase(seed, msg.index, catalog, loaded, {
    announce: (kind, description) => process.send!({ type: 'announce', index: msg.index, kind, description }),
    capped: (kind) => capped.has(`${entry.name}:${kind}`),
  });
  process.send!({ type: 'done', index: msg.index, ...result });
});
process.send!({ type: 'ready' });
