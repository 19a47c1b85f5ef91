// Where verified TUF metadata and targets are kept between refreshes. Everything read
// back from a cache is verified again by the TUF state machine, so a cache is a speed
// and rollback-protection aid, never a source of trust.

export interface TufCache {
  get(name: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  set(name: string, bytes: Uint8Array): void | Promise<void>;
}

/** The default cache outside Node: lives as long as the object. */
export class MemoryTufCache implements TufCache {
  readonly #files = new Map<string, Uint8Array>();
  get(name: string): Uint8Array | undefined {
    return this.#files.get(name);
  }
  set(name: string, bytes: Uint8Array): void {
    this.#files.set(name, bytes.slice());
  }
}
