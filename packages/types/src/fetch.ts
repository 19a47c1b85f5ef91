/** The part of `fetch` sigguard uses; pass your own for proxies, auth or tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
