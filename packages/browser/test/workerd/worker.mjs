// The Worker workerd.test.ts runs in workerd: the Chromium test's case runners (bundle verification,
// identities, Go regexps) at POST /cases, and verifyImage on evidence posted to it at POST /verify-image.
import { verifyImage } from 'sigguard';
import * as api from '../../src/index.ts';
import { RUNNERS } from '../harness/runners.mjs';
import { decideImage } from './decide-image.mjs';

export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405 });
    const input = await request.json();
    if (path === '/cases') {
      // The runners are synchronous: load RE2 first, as the Chromium page does before its tables.
      await api.loadGoRegExpEngine();
      return Response.json(input.cases.map((c) => RUNNERS[input.runner](api, c)));
    }
    if (path === '/verify-image') return Response.json(await decideImage(verifyImage, input));
    return Response.json({ error: `no route ${path}` }, { status: 404 });
  },
};
