/** Content-addressed cache: entries are immutable, so no invalidation; bounded by total bytes (LRU). */
export class DigestCache {
  readonly #max: number;
  #used = 0;
  readonly #map = new Map<string, Uint8Array>();
  constructor(maxBytes: number) {
    this.#max = maxBytes;
  }
  get(digest: string): Uint8Array | undefined {
    const v = this.#map.get(digest);
    if (v) {
      this.#map.delete(digest);
      this.#map.set(digest, v);
    }
    return v;
  }
  set(digest: string, bytes: Uint8Array): void {
    if (bytes.byteLength > this.#max || this.#map.has(digest)) return;
    this.#map.set(digest, bytes);
    this.#used += bytes.byteLength;
    for (const [k, v] of this.#map) {
      if (this.#used <= this.#max) break;
      this.#map.delete(k);
      this.#used -= v.byteLength;
    }
  }
}
