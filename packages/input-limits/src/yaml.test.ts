import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readYamlDocuments, YamlLimitError } from './yaml.ts';

const bomb = [
  'x0: &a [x,x,x,x,x,x,x,x,x]',
  'x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'x3: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
].join('\n');

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

test('deep nesting: refused from the tokens before parsing, fast, naming document and line', () => {
  const tooDeep = (text: string, document: number, line: number, max = 1000) => {
    // CPU time, not the wall clock: other processes on a loaded machine do not count against it.
    const started = process.cpuUsage();
    assert.throws(
      () => readYamlDocuments(text, { maxDepth: max }),
      (e: unknown) =>
        e instanceof YamlLimitError &&
        e.message === `YAML document ${document} is nested more than ${max} levels deep (at line ${line})`,
    );
    const { user, system } = process.cpuUsage(started);
    assert.ok(user + system < 2_000_000, `took ${Math.round((user + system) / 1000)} ms of CPU`);
  };
  const n = 400_000; // the parser alone takes ~15 s and 600 MiB on this
  tooDeep(`a: ${'['.repeat(n)}${']'.repeat(n)}`, 1, 1);
  tooDeep(`a: 1\n---\nb:\n${'- '.repeat(n)}x\n`, 2, 4); // compact block sequences
  tooDeep(
    `# only a comment\n---\na:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`,
    1,
    35,
    32,
  );
  tooDeep(`a: |\n  [[[[[[\n---\nb: {c: [[[1]]]}\n`, 2, 4, 4); // block scalar text is not structure
});

test('the token estimate never refuses what is within the limit', () => {
  // {a: [[1]]} is three containers deep: allowed at 3; one more level is refused.
  assert.throws(() => readYamlDocuments('a: [[[1]]]', { maxDepth: 3 }), /nested more than 3 levels deep \(at line 1\)/);
  assert.deepEqual(readYamlDocuments('a: [[1]]', { maxDepth: 3 })[0]!.value, { a: [[1]] });
  assert.equal(
    readYamlDocuments(`a: {${Array.from({ length: 3000 }, (_, i) => `k${i}: 1`).join(', ')}}`)[0]!.problem,
    undefined,
  );
  assert.equal(readYamlDocuments(`a: |\n${'  {[{[\n'.repeat(2000)}`)[0]!.problem, undefined);
  // Aliases can nest deeper than the text shows: the parsed value is checked exactly too.
  const aliased = readYamlDocuments('a: &x [[1]]\nb: [*x]\n', { maxDepth: 3 })[0]!;
  assert.equal(aliased.problem, 'the document is nested more than 3 levels deep (at $.b[0][0])');
});

test('invalid YAML and duplicate keys are problems; a text over maxBytes throws before parsing', () => {
  assert.match(readYamlDocuments('a: 1\na: 2\n')[0]!.problem ?? '', /Map keys must be unique/);
  assert.match(readYamlDocuments('a: [1\n')[0]!.problem ?? '', /flow sequence/i);
  assert.throws(
    () => readYamlDocuments('a: 1234567890', { maxBytes: 8 }),
    (e: unknown) => e instanceof YamlLimitError && /13 bytes, over the 8-byte limit/.test(e.message),
  );
});
