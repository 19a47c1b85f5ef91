import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDecision } from './render.ts';
import type { Decision } from './decision.ts';

const decision: Decision = {
  allowed: false,
  summary: 'denied: ghcr.io/a/b@sha256:00: failed policy p: no authority passed',
  warnings: ['failed policy: soft: static'],
  image: { input: 'ghcr.io/a/b@sha256:00', name: 'ghcr.io/a/b@sha256:00' },
  matchedPolicies: ['p'],
  policies: [
    {
      kind: 'policy',
      name: 'p',
      status: 'fail',
      reason: 'no authority passed',
      code: 'NO_AUTHORITY_PASSED',
      children: [
        {
          kind: 'authority',
          name: 'ci',
          status: 'fail',
          reason: 'no matching signatures',
          code: 'NO_MATCHING_SIGNATURES',
          children: [
            {
              kind: 'signature',
              name: 'sig-1',
              status: 'fail',
              reason: 'identity: no identity matched',
              code: 'IDENTITY',
              children: [
                { kind: 'check', name: 'signature', status: 'pass', reason: 'verifies', children: [] },
                {
                  kind: 'check',
                  name: 'identity',
                  status: 'fail',
                  reason: 'no identity matched',
                  code: 'IDENTITY',
                  children: [],
                },
              ],
            },
            {
              kind: 'signature',
              name: 'sig-2',
              status: 'pass',
              reason: 'verified',
              children: [{ kind: 'check', name: 'signature', status: 'pass', reason: 'verifies', children: [] }],
            },
          ],
        },
      ],
    },
  ],
};

test('plain rendering: verdict, summary, indented tree, failure codes, warnings; passing evidence collapsed', () => {
  const text = renderDecision(decision, { color: false });
  assert.equal(
    text,
    [
      'DENIED ghcr.io/a/b@sha256:00',
      '  denied: ghcr.io/a/b@sha256:00: failed policy p: no authority passed',
      '  ✗ policy p: no authority passed [NO_AUTHORITY_PASSED]',
      '    ✗ authority ci: no matching signatures [NO_MATCHING_SIGNATURES]',
      '      ✗ signature sig-1: identity: no identity matched [IDENTITY]',
      '        ✓ signature: verifies',
      '        ✗ identity: no identity matched [IDENTITY]',
      '      ✓ signature sig-2: verified',
      '  warning: failed policy: soft: static',
      '',
    ].join('\n'),
  );
  assert.ok(!text.includes('\x1b['));
  // verbose expands passing evidence too
  assert.ok(
    renderDecision(decision, { verbose: true }).includes(
      '      ✓ signature sig-2: verified\n        ✓ signature: verifies\n',
    ),
  );
});

test('coloured rendering uses ANSI red/green/yellow', () => {
  const text = renderDecision(decision, { color: true });
  assert.ok(text.includes('\x1b[31m'));
  assert.ok(text.includes('\x1b[32m✓\x1b[0m'));
  assert.ok(text.includes('\x1b[33m  warning:'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes it strips
  assert.equal(text.replace(/\x1b\[[0-9;]*m/g, ''), renderDecision(decision, { color: false }));
});

test('a failed node shows the part of its reason its failed children repeat as "…"; summary and JSON keep it whole', () => {
  const check = 'no identity matched (certificate issuer "https://issuer.example", SANs [email:dev@example.com])';
  const chained: Decision = {
    ...decision,
    summary: `denied: ghcr.io/a/b@sha256:00: failed policy p: no authority passed: ci: no matching signatures for ghcr.io/a/b: identity: ${check}`,
    warnings: [],
    policies: [
      {
        kind: 'policy',
        name: 'p',
        status: 'fail',
        code: 'NO_AUTHORITY_PASSED',
        reason: `no authority passed: ci: no matching signatures for ghcr.io/a/b: identity: ${check}; static: static`,
        children: [
          { kind: 'authority', name: 'static', status: 'fail', reason: 'static', code: 'STATIC_FAIL', children: [] },
          {
            kind: 'authority',
            name: 'ci',
            status: 'fail',
            code: 'NO_MATCHING_SIGNATURES',
            reason: `no matching signatures for ghcr.io/a/b: identity: ${check}`,
            children: [
              {
                kind: 'signature',
                name: 'sig-1',
                status: 'fail',
                reason: `identity: ${check}`,
                code: 'IDENTITY',
                children: [
                  { kind: 'check', name: 'signature', status: 'pass', reason: 'signature verifies', children: [] },
                  { kind: 'check', name: 'identity', status: 'fail', reason: check, code: 'IDENTITY', children: [] },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  const text = renderDecision(chained, { color: false });
  assert.equal(
    text,
    [
      'DENIED ghcr.io/a/b@sha256:00',
      `  ${chained.summary}`,
      // "static" is too short to elide safely: kept
      '  ✗ policy p: no authority passed: ci: …; static: static [NO_AUTHORITY_PASSED]',
      '    ✗ authority static: static [STATIC_FAIL]',
      '    ✗ authority ci: no matching signatures for ghcr.io/a/b: … [NO_MATCHING_SIGNATURES]',
      '      ✗ signature sig-1: identity: … [IDENTITY]',
      '        ✓ signature: signature verifies',
      `        ✗ identity: ${check} [IDENTITY]`,
      '',
    ].join('\n'),
  );
  // The full chain is still in the data.
  assert.ok(chained.policies[0]!.reason.includes(check));
});

test('a reason that already ends with its code does not get it twice', () => {
  const d: Decision = {
    ...decision,
    warnings: [],
    policies: [
      {
        kind: 'policy',
        name: 'p',
        status: 'fail',
        code: 'NO_AUTHORITY_PASSED',
        reason: 'no authority passed: a: failed to process authority: a: trustRootRef "r" not found [TRUST_ROOT]',
        children: [
          {
            kind: 'authority',
            name: 'a',
            status: 'fail',
            code: 'TRUST_ROOT',
            reason: 'failed to process authority: a: trustRootRef "r" not found [TRUST_ROOT]',
            children: [],
          },
        ],
      },
    ],
  };
  const lines = renderDecision(d).split('\n');
  assert.equal(lines[3], '    ✗ authority a: failed to process authority: a: trustRootRef "r" not found [TRUST_ROOT]');
});
