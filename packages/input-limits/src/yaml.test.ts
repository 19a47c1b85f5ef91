import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readYamlDocuments, YamlLimitError } from './yaml.ts';

const bomb = ['x0: &a [x,x,x,x,x,x,x,x,x]', 'x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'x3: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n');

test('documents come back with index, line and value; empty ones have no value', () => {
  const docs = readYamlDocuments('a: 1\n---\n# only a comment\n---\nb: [1, 2]\n');
  assert.deepEqual(docs, [
    { index: 1, line: 1, value: { a: 1 } },
    { index: 2, line: 2 },
    { index: 3, line: 4, value: { b: [1, 2] } },
  ]);
  assert.deepEqual(readYamlDocuments(''), []);
});

test('an alias bomb is a problem of its document, not a ReferenceError', () => {
  const docs = readYamlDocuments(`ok: 1\n---\n${bomb}\n`);
  assert.deepEqual(docs[0]!.value, { ok: 1 });
  assert.match(docs[1]!.problem ?? '', /aliases expand past the limit of 100 \(an alias bomb\?\)/);
  assert.equal(docs[1]!.value, undefined);
  // A small use of aliases is fine, and the limit can be raised.
  assert.deepEqual(readYamlDocuments('a: &x [1]\nb: *x\n')[0]!.value, { a: [1], b: [1] });
  assert.equal(readYamlDocuments(bomb, { maxAliasCount: 10_000 })[0]!.problem, undefined);
});

test('an alias to an anchor of another document is named', () => {
  const docs = readYamlDocuments('a: &anchor [1]\n---\nb: *anchor\n');
  assert.match(docs[1]!.problem ?? '', /alias \*anchor has no anchor earlier in the same document/);
});

test('deep nesting: past maxDepth, and past what the parser can take, both say so', () => {
  assert.match(readYamlDocuments('a: [[[1]]]', { maxDepth: 3 })[0]!.problem ?? '', /nested more than 3 levels deep \(at \$\.a\[0\]\[0\]\)/);
  const n = 20_000;
  assert.match(readYamlDocuments(`a: ${'['.repeat(n)}${']'.repeat(n)}`)[0]!.problem ?? '', /YAML nested too deeply to parse \(at line 1, column \d+\)/);
});

test('invalid YAML and duplicate keys are problems; a text over maxBytes throws before parsing', () => {
  assert.match(readYamlDocuments('a: 1\na: 2\n')[0]!.problem ?? '', /Map keys must be unique/);
  assert.match(readYamlDocuments('a: [1\n')[0]!.problem ?? '', /flow sequence/i);
  assert.throws(() => readYamlDocuments('a: 1234567890', { maxBytes: 8 }), (e: unknown) => e instanceof YamlLimitError && /13 bytes, over the 8-byte limit/.test(e.message));
});
