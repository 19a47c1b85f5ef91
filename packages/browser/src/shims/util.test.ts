// Differential test of the util shim's isDeepStrictEqual against node:util on the shapes
// @sigstore/verify compares (timestamps with Dates, SCTs and tlog entries with Buffers) and
// on the strictness edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeUtil from 'node:util';
import { isDeepStrictEqual } from './util.ts';

class Point {
  x: number;
  constructor(x: number) {
    this.x = x;
  }
}

const cyclicA: Record<string, unknown> = { a: 1 };
cyclicA.self = cyclicA;
const cyclicB: Record<string, unknown> = { a: 1 };
cyclicB.self = cyclicB;

const CASES: [string, unknown, unknown][] = [
  [
    'same timestamps',
    { type: 'tsa', timestamp: new Date(1700000000000) },
    { type: 'tsa', timestamp: new Date(1700000000000) },
  ],
  ['different timestamps', { timestamp: new Date(1700000000000) }, { timestamp: new Date(1700000000001) }],
  [
    'same buffers',
    { logID: Buffer.from('abc'), body: Buffer.from('x') },
    { logID: Buffer.from('abc'), body: Buffer.from('x') },
  ],
  ['different buffers', { logID: Buffer.from('abc') }, { logID: Buffer.from('abd') }],
  ['buffer vs Uint8Array', Buffer.from('abc'), new Uint8Array([97, 98, 99])],
  ['Uint8Array vs Uint16Array', new Uint8Array([1, 2]), new Uint16Array([1, 2])],
  ['1 vs "1"', 1, '1'],
  ['0 vs -0', 0, -0],
  ['NaN vs NaN', NaN, NaN],
  ['missing vs undefined key', { a: 1 }, { a: 1, b: undefined }],
  ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
  ['array vs object', [1], { 0: 1 }],
  ['arrays', [1, [2, { c: 3 }]], [1, [2, { c: 3 }]]],
  ['array lengths', [1, 2], [1, 2, 3]],
  ['class vs plain object', new Point(1), { x: 1 }],
  ['same class', new Point(1), new Point(1)],
  ['null prototype', Object.create(null), {}],
  ['maps', new Map([['a', { b: 1 }]]), new Map([['a', { b: 1 }]])],
  ['maps differ', new Map([['a', 1]]), new Map([['a', 2]])],
  ['sets of objects', new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])],
  ['sets differ', new Set([1, 2]), new Set([1, 3])],
  ['cycles', cyclicA, cyclicB],
  ['boxed numbers', new Number(1), new Number(2)],
  ['regexps', /a/g, /a/g],
  ['regexp flags', /a/g, /a/i],
  ['null vs undefined', null, undefined],
  ['symbol keys', { [Symbol.for('k')]: 1 }, { [Symbol.for('k')]: 2 }],
];

test('util shim isDeepStrictEqual() matches node:util', () => {
  let trues = 0;
  for (const [label, a, b] of CASES) {
    const want = nodeUtil.isDeepStrictEqual(a, b);
    assert.equal(isDeepStrictEqual(a, b), want, label);
    assert.equal(isDeepStrictEqual(b, a), nodeUtil.isDeepStrictEqual(b, a), `${label} (swapped)`);
    if (want) trues++;
  }
  assert.ok(trues > 5 && trues < CASES.length - 5, 'the table has both equal and unequal cases');
});
