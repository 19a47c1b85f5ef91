// When a policy pattern counts as anchored at both ends (GoRegExp.unanchored, which decides the
// "matches a substring" warning): every branch of the syntactic check, including the ones mutation
// testing showed no test noticed (inline flags, \A / \z, escaped $, alternation inside classes,
// groups and escapes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGoRegExp } from './index-node.ts';

const CASES: Array<[pattern: string, unanchored: boolean, why: string]> = [
  ['^a$', false, 'both anchors'],
  ['a', true, 'no anchor'],
  ['^a', true, 'start only'],
  ['a$', true, 'end only'],
  ['\\Aa\\z', false, '\\A and \\z anchor too'],
  ['\\Aa$', false, '\\A with $'],
  ['^a\\z', false, '^ with \\z'],
  ['(?i)^a$', false, 'inline flags before ^'],
  ['(?i-s)^a$', false, 'inline flags with a minus'],
  ['(?i)a$', true, 'inline flags, no ^'],
  ['^a\\$', true, 'an escaped $ is a literal, not an anchor'],
  ['^a|b$', true, 'top-level alternation: (^a)|(b$)'],
  ['^(a)|(b)$', true, 'alternation between groups is top level'],
  ['^(a|b)$', false, 'alternation inside a group'],
  ['^((a)|b)$', false, 'alternation inside nested groups'],
  ['^[|]$', false, '| inside a class'],
  ['^[^|]$', false, '| inside a negated class'],
  ['^[]|]$', false, 'a leading ] is literal, the class goes on'],
  ['^[^]|]$', false, 'a leading ] after ^ is literal too'],
  ['^\\|$', false, 'an escaped |'],
  ['^[a]|b$', true, 'alternation after a class is top level'],
  ['^a(b)c|d$', true, 'alternation after a closed group is top level'],
];

for (const [pattern, unanchored, why] of CASES) {
  test(`compileGoRegExp(${JSON.stringify(pattern)}).unanchored is ${unanchored}: ${why}`, () => {
    assert.equal(compileGoRegExp(pattern).unanchored, unanchored);
  });
}
