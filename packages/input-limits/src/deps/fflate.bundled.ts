// fflate.ts for bundles (browser builds, the CLI): the bundler includes fflate and decides when it is evaluated.
import { Gunzip } from 'fflate';
import type { FflateModule } from './fflate.ts';

const used: FflateModule = { Gunzip };
export const fflateModule = (): FflateModule => used;
