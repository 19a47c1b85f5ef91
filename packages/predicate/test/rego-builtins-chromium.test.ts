// The OPA 0.70.0 built-in table in headless Debian Chromium, offline: esbuild bundles
// sigguard's Rego engine and built-ins for the page, which evaluates every entrypoint of
// ../shared/vectors/opa-wasm/builtins-table; each value must equal `opa eval`'s.
// Fails (never skips) when /usr/bin/chromium is missing; skips visibly without ../shared.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';
import {
  OPA_WASM_DIR,
  SET_ENTRYPOINTS,
  SKIP_NO_OPA_WASM,
  canonical,
  opaWasmJSON,
} from '../src/testdata/opa-wasm-vectors.ts';
import type { RegoValue } from '../src/rego/exact-json.ts';

// Built once for both tests (they serve the same page bundle).
let built: Promise<string> | undefined;
const pageBundle = (): Promise<string> => {
  built ??= buildPageBundle();
  return built;
};

async function buildPageBundle(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./harness/rego-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@sigguard/source'],
    write: false,
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]!.text;
  // A browser bundle must not reach for Node's modules.
  assert.doesNotMatch(js, /require\(["']node:|from ["']node:/);
  return js;
}

test('builtins-table: all 42 entrypoints equal OPA 0.70.0 values in headless Chromium', {
  skip: SKIP_NO_OPA_WASM,
}, async (t) => {
  const table = opaWasmJSON<{ values: Record<string, RegoValue> }>('builtins-table/expected.json');
  const entrypoints = Object.keys(table.values);
  assert.equal(entrypoints.length, 42);
  const files = new Map<string, StaticFile>([
    ['/index.html', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>rego built-ins</title>' }],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ['/rego.js', { type: 'text/javascript', body: await pageBundle() }],
    ['/bundle.tar.gz', { type: 'application/gzip', body: readFileSync(`${OPA_WASM_DIR}builtins-table/bundle.tar.gz`) }],
    ['/input.json', { type: 'application/json', body: readFileSync(`${OPA_WASM_DIR}builtins-table/input.json`) }],
  ]);
  const server = await serveStatic(files);
  const browser = await openOfflinePage(server.origin);
  try {
    const answers = await browser.page.evaluate(
      async ({ entrypoints }) => {
        const api = await import('/rego.js');
        const bytes = new Uint8Array(await (await fetch('/bundle.tar.gz')).arrayBuffer());
        const input = await (await fetch('/input.json')).json();
        const policy = await api.compileRegoArtifact(bytes, 64 << 20);
        const out: Record<string, string> = {};
        for (const ep of entrypoints) {
          const rs = await api.runRego(policy, input, 64 << 20, { entrypoint: ep });
          out[ep] = api.canonical(rs[0]?.result, api.SET_ENTRYPOINTS.has(ep));
        }
        return { out, userAgent: navigator.userAgent };
      },
      { entrypoints },
    );
    assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
    assert.match(answers.userAgent, /HeadlessChrome|Chrome/);
    const wrong = entrypoints
      .map((ep) => [ep, answers.out[ep], canonical(table.values[ep], SET_ENTRYPOINTS.has(ep))] as const)
      .filter(([, got, want]) => got !== want)
      .map(([ep, got, want]) => `${ep}: Chromium ${got}, OPA ${want}`);
    assert.deepEqual(
      wrong,
      [],
      `${wrong.length} entrypoints differ${browser.consoleErrors.length ? `\nconsole: ${browser.consoleErrors.join('\n')}` : ''}`,
    );
    t.diagnostic(`${entrypoints.length} entrypoints equal OPA's values in ${answers.userAgent}`);
  } finally {
    await browser.close();
    await server.close();
  }
});

/** A JWS signed by node:crypto (OpenSSL), to be verified by sigguard's pure-JS built-ins in the page. */
function nodeSignedJWT(alg: 'RS256' | 'PS384' | 'ES384'): { token: string; pem: string } {
  const pair =
    alg === 'ES384'
      ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.${Buffer.from('{"iss":"x"}').toString('base64url')}`;
  const key =
    alg === 'PS384'
      ? { key: pair.privateKey, padding: 6, saltLength: 48 }
      : alg === 'ES384'
        ? { key: pair.privateKey, dsaEncoding: 'ieee-p1363' as const }
        : { key: pair.privateKey };
  const sig = sign(alg === 'RS256' ? 'sha256' : 'sha384', Buffer.from(input), key).toString('base64url');
  return { token: `${input}.${sig}`, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

test('new host built-ins (JWT sign/verify, json.patch, graph paths, uuid, marshal) equal OPA in Chromium', async (t) => {
  const tokens = { RS256: nodeSignedJWT('RS256'), PS384: nodeSignedJWT('PS384'), ES384: nodeSignedJWT('ES384') };
  const files = new Map<string, StaticFile>([
    ['/index.html', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>rego built-ins</title>' }],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ['/rego.js', { type: 'text/javascript', body: await pageBundle() }],
  ]);
  const server = await serveStatic(files);
  const browser = await openOfflinePage(server.origin);
  try {
    const answers = await browser.page.evaluate(
      async ({ tokens }) => {
        const api = await import('/rego.js');
        const call = (name: string, args: unknown[]) => {
          try {
            return api.HOST_BUILTINS[name](args, { nowNs: 0n });
          } catch (e) {
            return `error: ${String(e)}`;
          }
        };
        const wrong: string[] = [];
        for (const c of api.OPA_HOST_CASES) {
          const v = call(c.builtin, c.args);
          const got = api.canonical(v?.items ?? v, c.set);
          const want = api.canonical(c.want, c.set);
          if (got !== want) wrong.push(`${c.source}: ${got} != ${want}`);
        }
        const verified = Object.fromEntries(
          Object.entries(tokens).map(([alg, { token, pem }]) => [
            alg,
            call(`io.jwt.verify_${alg.toLowerCase()}`, [token, pem]),
          ]),
        );
        const tampered = call('io.jwt.verify_rs256', [
          tokens.RS256.token.replace(/\.[^.]+\./, '.e30.'),
          tokens.RS256.pem,
        ]);
        return { wrong, verified, tampered, cases: api.OPA_HOST_CASES.length };
      },
      { tokens },
    );
    assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
    assert.deepEqual(answers.wrong, [], browser.consoleErrors.join('\n'));
    assert.ok(answers.cases >= 10);
    assert.deepEqual(answers.verified, { RS256: true, PS384: true, ES384: true });
    assert.equal(answers.tampered, false);
    t.diagnostic(`${answers.cases} OPA cases and 3 OpenSSL-signed tokens agree in Chromium`);
  } finally {
    await browser.close();
    await server.close();
  }
});
