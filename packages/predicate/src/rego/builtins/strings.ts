// strings.* built-ins the WebAssembly target leaves to the host.
import type { RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { str, strings } from './args.ts';

const anyMatch =
  (test: (s: string, affix: string) => boolean): HostBuiltin =>
  ([search, base]: RegoValue[]) => {
    const ss = strings(search, 'search');
    const bs = strings(base, 'base');
    return ss.some((s) => bs.some((b) => test(s, b)));
  };

export const STRINGS_BUILTINS: Record<string, HostBuiltin> = {
  'strings.any_prefix_match': anyMatch((s, p) => s.startsWith(p)),
  'strings.any_suffix_match': anyMatch((s, p) => s.endsWith(p)),
  'strings.count': ([search, sub]) => {
    const s = str(search);
    const needle = str(sub);
    // Go's strings.Count: an empty substring counts the code points plus one.
    if (needle === '') return [...s].length + 1;
    return s.split(needle).length - 1;
  },
};
