// The Node entry of @sigguard/identity (export condition "node"): the same API as index.ts with the
// RE2 engine loaded eagerly, so compileGoRegExp/compileIdentities work synchronously from the start.
// Browsers and workers get index.ts, where re2js is a dynamic import (see regexp-engine.ts).
import './regexp-preload.ts';

export * from './index.ts';
