import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProgram, cleanCueMessage, headerDeclarationsInAST, splitHeader, UNIFIED_FIELD } from './cue-program.ts';

test('splitHeader separates package and import declarations from the body', () => {
  const src =
    '// policy\npackage sigstore\nimport "struct"\nimport (\n' +
    '  "list"\n  t "time" // comment\n)\n\nauthorityMatches: {}\n';
  const s = splitHeader(src);
  assert.equal(s.declarations, 3); // a parenthesised import group is one declaration
  assert.equal(s.header + s.body, src);
  assert.match(s.header, /t "time"[^\n]*\n?\)$/);
  assert.equal(s.body.trim(), 'authorityMatches: {}');
});

test('splitHeader leaves a policy without a header untouched', () => {
  const s = splitHeader('predicateType: "x"\nimportant: 1');
  assert.equal(s.declarations, 0);
  assert.equal(s.header, '');
  assert.equal(s.body, 'predicateType: "x"\nimportant: 1');
});

test('splitHeader does not take a field named package or import for a declaration', () => {
  assert.equal(splitHeader('package: "x"').declarations, 0);
  assert.equal(splitHeader('import: 1').declarations, 0);
});

test('headerDeclarationsInAST counts leading package/import declarations of a cue-wasm AST', () => {
  const ast = {
    Decls: [
      { Name: {}, PackagePos: {} },
      { Import: {}, Specs: [] },
      { Label: {}, Value: {} },
      { Import: {}, Specs: [] },
    ],
  };
  assert.equal(headerDeclarationsInAST(ast), 2);
  assert.equal(headerDeclarationsInAST(null), 0);
});

test('buildProgram unifies the policy, as one struct, with the data as a second value', () => {
  const p = buildProgram(splitHeader('import "time"\na: 1 // trailing comment'), '{"a":1}');
  assert.equal(p, `import "time"\n${UNIFIED_FIELD}: {\n\na: 1 // trailing comment\n} & {"a":1}\n`);
  assert.equal(buildProgram(splitHeader('1'), '1'), `\n${UNIFIED_FIELD}: {\n1\n} & 1\n`);
  assert.equal(cleanCueMessage(`${UNIFIED_FIELD}.a.b: conflicting values 1 and 2`), 'a.b: conflicting values 1 and 2');
  assert.equal(cleanCueMessage(`${UNIFIED_FIELD}: conflicting values {} and 1`), 'conflicting values {} and 1');
});
