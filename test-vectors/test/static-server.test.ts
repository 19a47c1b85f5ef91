// The browser tests' loopback server closes even while a client holds a connection with a request in flight
// (a page not yet closed: node:test runs a test's `after` hooks in the order they were added, and the server's
// comes first). server.close() alone waits for such a connection; a full run once hung on it for 600 s.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { serveStatic } from '../src/support/chromium/server.ts';

test('close() ends while a connection has a request half sent', async (t) => {
  const server = await serveStatic(new Map([['/index.html', { type: 'text/html', body: 'ok' }]]));
  const { port } = new URL(server.origin);
  const socket = connect(Number(port), '127.0.0.1');
  t.after(() => socket.destroy()); // a failing run must not be held open by it
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  // Headers without their closing blank line: the server holds an active (not idle) connection.
  socket.write('GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    server.close().then(() => 'closed'),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('still waiting after 5 s'), 5000);
    }),
  ]);
  clearTimeout(timer);
  assert.equal(outcome, 'closed');
  await closed; // the server ended the client's connection
});
