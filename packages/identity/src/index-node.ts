// The Node entry of @sigguard/identity (export condition "node"): the same API as index.ts with the
// RE2 engine loaded synchronously on the first regexp, so compileGoRegExp/compileIdentities work synchronously
// from the start (and a process without regexps never loads re2js).
// Browsers and workers get index.ts, where re2js is a dynamic import (see regexp-engine.ts).
import './regexp-preload.ts';

export * from './index.ts';
