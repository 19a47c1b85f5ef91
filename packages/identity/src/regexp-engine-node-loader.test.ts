// The Node entry's RE2 engine (regexp-preload.ts): a synchronous loader installed at import and run when the first
// regexp is compiled. Each test takes a fresh instance of regexp-engine.ts (a query string makes a new module).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';

let instances = 0;
const freshEngine = (): Promise<typeof import('./regexp-engine.ts')> =>
  import(`./regexp-engine.ts?instance=${++instances}`);

test('the loader runs on the first compile, once; until then the engine counts as loaded (synchronous use works)', async () => {
  const e = await freshEngine();
  let loads = 0;
  e.installGoRegExpEngine({
    load: () => {
      loads++;
      return RE2JS;
    },
  });
  assert.equal(e.goRegExpEngineLoaded(), true, 'a synchronous loader is as good as the engine');
  assert.equal(loads, 0, 'nothing loaded at install');
  assert.equal(e.goRegExpEngine('subjectRegExp'), RE2JS);
  assert.equal(e.goRegExpEngine('issuerRegExp'), RE2JS);
  await e.loadGoRegExpEngine();
  assert.equal(loads, 1);
});

test('a loader that fails: REGEXP_ENGINE_NOT_LOADED naming why, then loadGoRegExpEngine() imports re2js', async () => {
  const e = await freshEngine();
  const failure = new Error('cannot load re2js: not found');
  e.installGoRegExpEngine({
    load: () => {
      throw failure;
    },
  });
  assert.throws(
    () => e.goRegExpEngine('identities[0].subjectRegExp'),
    (err: Error & { code?: string }) =>
      err.code === 'REGEXP_ENGINE_NOT_LOADED' &&
      err.message.includes('identities[0].subjectRegExp') &&
      err.message.includes('cannot load re2js: not found') &&
      err.cause === failure,
  );
  assert.equal(e.goRegExpEngineLoaded(), false, 'after the failure the engine is not loaded');
  await e.loadGoRegExpEngine(); // the dynamic import(), as outside Node
  assert.equal(e.goRegExpEngineLoaded(), true);
  assert.equal(e.goRegExpEngine('subjectRegExp').compile('^a$').matches('a'), true);
});
