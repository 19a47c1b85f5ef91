// nanotar.ts for bundles (browser builds, the CLI): the bundler includes nanotar and decides when it is evaluated.
import { parseTar } from 'nanotar';
import type { NanotarModule } from './nanotar.ts';

const used: NanotarModule = { parseTar };
export const nanotarModule = (): NanotarModule => used;
