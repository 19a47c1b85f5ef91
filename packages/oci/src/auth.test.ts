import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchBearerToken, parseChallenge } from './auth.ts';
import { OciError } from './errors.ts';
import type { HttpOptions } from './http.ts';

// The token service is whatever realm the registry names. Record what it is sent.
function recordingHttp(): { http: HttpOptions; seen: { url: string; authorization: string | undefined }[] } {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const fetchLike = async (url: string | URL | Request, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    seen.push({ url: String(url), authorization: headers.Authorization });
    return new Response(JSON.stringify({ token: 't0ken' }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { http: { fetch: fetchLike as HttpOptions['fetch'], timeoutMs: 5000, retries: 0, backoffMs: 1 }, seen };
}

const cred = { username: 'robot', password: 'secret' };

test('a TLS registry naming a plain-HTTP realm gets no password: refused before any request', async () => {
  const { http, seen } = recordingHttp();
  const challenge = parseChallenge('Bearer realm="http://evil.example/token",service="reg"')!;
  await assert.rejects(
    fetchBearerToken(http, challenge, 'repository:a/b:pull', cred, false),
    (e: unknown) =>
      e instanceof OciError && e.code === 'UNAUTHORIZED' && /not https: refusing to send credentials/.test(e.message),
  );
  assert.equal(seen.length, 0, 'no request reached the realm');
});

test('https realms get the credentials; a plain-HTTP registry (insecure/loopback) may use a plain-HTTP realm', async () => {
  const tls = recordingHttp();
  const token = await fetchBearerToken(
    tls.http,
    parseChallenge('Bearer realm="https://auth.example/token",service="reg"')!,
    'repository:a/b:pull',
    cred,
    false,
  );
  assert.equal(token, 't0ken');
  assert.match(tls.seen[0]!.authorization ?? '', /^Basic /);
  assert.match(tls.seen[0]!.url, /scope=repository%3Aa%2Fb%3Apull/);

  const plain = recordingHttp();
  await fetchBearerToken(
    plain.http,
    parseChallenge('Bearer realm="http://127.0.0.1:5000/token"')!,
    'repository:a/b:pull',
    cred,
    true,
  );
  assert.match(plain.seen[0]!.authorization ?? '', /^Basic /);
});

test('anonymous token requests may follow a plain-HTTP realm (no secret to leak)', async () => {
  const { http, seen } = recordingHttp();
  await fetchBearerToken(
    http,
    parseChallenge('Bearer realm="http://auth.example/token"')!,
    'repository:a/b:pull',
    undefined,
    false,
  );
  assert.equal(seen[0]!.authorization, undefined);
});
