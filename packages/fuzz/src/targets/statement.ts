// In-toto statements (bare, in a DSSE envelope, in a bundle) through the predicate evaluation
// path: evaluateAttestationPolicy() with a CUE policy, and `sigguard eval-predicate` in process.
// Invariants: no throw and no crash; a pass only for an in-toto payloadType (when enveloped) and
// the requested predicateType; within the budget.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateAttestationPolicy } from '@sigguard/predicate';
import { mutateJson, mutateText, pathString, randomJson, type Json } from '../json-mutate.ts';
import { cliCrash, runCli } from '../cli-in-process.ts';
import type { Rng } from '../rng.ts';
import { describeError, fail, pass, skipped, type FuzzTarget } from '../target.ts';

const IN_TOTO = 'application/vnd.in-toto+json';
const PREDICATE_TYPES = [
  'https://slsa.dev/provenance/v0.2',
  'https://slsa.dev/provenance/v1',
  'https://cosign.sigstore.dev/attestation/v1',
  'https://cosign.sigstore.dev/attestation/vuln/v1',
  'https://spdx.dev/Document',
  'https://cyclonedx.org/bom',
  'https://openvex.dev/ns',
  'https://example.com/custom',
];
const SHORT_NAMES = [
  'custom',
  'slsaprovenance',
  'slsaprovenance02',
  'slsaprovenance1',
  'link',
  'spdx',
  'spdxjson',
  'cyclonedx',
  'vuln',
  'openvex',
];
const POLICY = { type: 'cue' as const, data: 'predicate: _' };

// Deep nesting is spliced into the text (a parsed 100,000-level value would break the generator itself).
const DEEP = '"__deep__"';
function deepText(depth: number): string {
  return '{"a":['.repeat(depth / 2) + '1' + ']}'.repeat(depth / 2);
}

function statement(rng: Rng): Json {
  return {
    _type: rng.pick([
      'https://in-toto.io/Statement/v1',
      'https://in-toto.io/Statement/v0.1',
      'https://example.com/other',
    ]),
    subject: [{ name: 'registry.local/app', digest: { sha256: 'a'.repeat(64) } }],
    predicateType: rng.pick(PREDICATE_TYPES),
    predicate: rng.chance(0.1) ? '__deep__' : (randomJson(rng, 4) as Json),
  };
}

interface Input {
  text: string;
  ops: string[];
  payloadType?: unknown;
  enveloped: boolean;
}

function input(rng: Rng): Input {
  let st = statement(rng);
  const ops: string[] = [];
  for (let i = rng.int(3); i > 0; i--) {
    const m = mutateJson(rng, st);
    st = m.doc;
    ops.push(`statement${pathString(m.mutation.path)}: ${m.mutation.op}`);
  }
  let payload = JSON.stringify(st);
  if (payload.includes(DEEP)) {
    const depth = rng.pick([50, 1000, 100_000]);
    payload = payload.replace(DEEP, deepText(depth));
    ops.push(`predicate nested ${depth} levels`);
  }
  if (rng.chance(0.1)) {
    const t = mutateText(rng, payload);
    payload = t.text;
    ops.push(`payload ${t.op}`);
  }
  const wrap = rng.int(3);
  if (wrap === 0) return { text: payload, ops: [...ops, 'bare statement'], enveloped: false };
  const payloadType = rng.pick<unknown>([
    IN_TOTO,
    IN_TOTO,
    IN_TOTO,
    undefined,
    'application/json',
    'text/plain',
    '',
    42,
    IN_TOTO.toUpperCase(),
  ]);
  const env: Record<string, Json> = {
    payload: rng.chance(0.9) ? Buffer.from(payload).toString('base64') : payload,
    signatures: [{ keyid: '', sig: 'AAAA' }],
  };
  if (payloadType !== undefined) env.payloadType = payloadType as Json;
  ops.push(`envelope payloadType ${JSON.stringify(payloadType)}`);
  const doc = wrap === 1 ? env : { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', dsseEnvelope: env };
  return {
    text: JSON.stringify(doc),
    ops: [...ops, wrap === 1 ? 'DSSE envelope' : 'bundle'],
    payloadType,
    enveloped: true,
  };
}

function passProblem(inp: Input): string | undefined {
  if (inp.enveloped && inp.payloadType !== IN_TOTO) {
    return `passed an envelope whose payloadType is ${JSON.stringify(inp.payloadType)}, not ${IN_TOTO}`;
  }
  return undefined;
}

let dir = '';

export const statementTarget: FuzzTarget = {
  name: 'statement',
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'sigguard-fuzz-statement-'));
    writeFileSync(join(dir, 'policy.cue'), POLICY.data);
    // Engine start-up is not part of a case's budget: the API's and the CLI's (the CLI starts its
    // own engine, ~10 s on a loaded machine; seed 20261206 cases 213, 257, 272 were killed for it).
    await evaluateAttestationPolicy(POLICY, { predicateType: 'x', predicate: {} }, 'x');
    const warm = join(dir, 'warm.json');
    writeFileSync(
      warm,
      JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType: 'x', predicate: {} }),
    );
    await runCli(['eval-predicate', '--policy', join(dir, 'policy.cue'), '--input', warm]);
  },
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
  async run(rng, ctx) {
    const inp = input(rng);
    const viaCli = rng.chance(0.2);
    const predicateType = rng.chance(0.7) ? undefined : rng.pick([...SHORT_NAMES, ...PREDICATE_TYPES]);
    const description =
      `${inp.ops.join(' | ')}; ${viaCli ? 'eval-predicate CLI' : 'evaluateAttestationPolicy'}` +
      `${predicateType ? ` --predicate-type ${predicateType}` : ''}`;
    const kind = `${viaCli ? 'cli' : 'api'}${inp.ops.some((o) => o.includes('nested')) ? ':deep' : ''}`;
    if (ctx.capped(kind)) return skipped(description);
    ctx.announce(kind, description);
    const knownFor = (problem: string) =>
      /payloadType/.test(problem)
        ? 'issue 11 item 7: eval-predicate does not require the in-toto payloadType'
        : /Maximum call stack|RangeError/.test(problem)
          ? 'issue 11 item 4: no depth limit on JSON input'
          : undefined;
    const failed = (problem: string) => {
      const known = knownFor(problem);
      return { ...fail(description, problem), ...(known ? { known } : {}) };
    };
    if (viaCli) {
      const file = join(dir, `input-${ctx.index}.json`);
      writeFileSync(file, inp.text);
      try {
        const run = await runCli([
          'eval-predicate',
          '--policy',
          join(dir, 'policy.cue'),
          '--input',
          file,
          ...(predicateType ? ['--predicate-type', predicateType] : []),
        ]);
        const crash = cliCrash(run);
        if (crash) return failed(crash);
        if (run.code === 0) {
          const p = passProblem(inp);
          if (p) return failed(p);
        }
        return pass(description);
      } catch (e) {
        return failed(`the CLI threw: ${describeError(e)}`);
      } finally {
        rmSync(file, { force: true });
      }
    }
    let result;
    try {
      result = await evaluateAttestationPolicy(POLICY, inp.text, predicateType ?? rng.pick(PREDICATE_TYPES));
    } catch (e) {
      return failed(`evaluateAttestationPolicy threw: ${describeError(e)}`);
    }
    if (typeof result.ok !== 'boolean' || typeof result.reason !== 'string')
      return failed(`malformed result ${JSON.stringify(result).slice(0, 200)}`);
    if (result.ok) {
      const p = passProblem(inp);
      if (p) return failed(p);
    }
    return pass(description);
  },
};
