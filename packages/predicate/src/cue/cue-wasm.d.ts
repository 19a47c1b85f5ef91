// cue-wasm ships no types; the engine module narrows what it uses.
declare module 'cue-wasm' {
  export function init(): Promise<unknown>;
}
