// noble-curves.ts for bundles (browser builds, the CLI): the bundler includes the curves and decides when they
// are evaluated (the browser's crypto shims use them anyway).
import { ed25519ph } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import type { Ed25519Curves, NistCurves } from './noble-curves.ts';

const nist: NistCurves = { p256, p384 };
const edwards: Ed25519Curves = { ed25519ph };
export const nistCurves = (): NistCurves => nist;
export const ed25519Curves = (): Ed25519Curves => edwards;
