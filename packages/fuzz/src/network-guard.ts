// Workers never reach the network: fetch() to anything but 127.0.0.1 / localhost is refused
// (a mutated TrustRoot or policy could name a real mirror). Imported first by the worker.
const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    return Promise.reject(new TypeError(`fuzz: network disabled (${url.origin})`));
  }
  return realFetch(input, init);
}) as typeof fetch;
