// Reads the text OPA's `opa_value_dump` writes: JSON plus sets (`{1,"a"}`, `set()`) and
// non-string object keys. Built-in operands are read this way so that a set stays a set
// (OPA's JSON dump turns sets into arrays, which would change what e.g. object.subset means).
import { RegoSet, type RegoValue } from './exact-json.ts';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const STRING = /^"(?:[^"\\]|\\.)*"/;

export function parseRegoValueText(text: string): RegoValue {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(i, i + 16))} at ${i} in a dumped Rego value`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): RegoValue => {
    ws();
    const rest = text.slice(i, i + 64);
    if (rest.startsWith('null')) return ((i += 4), null);
    if (rest.startsWith('true')) return ((i += 4), true);
    if (rest.startsWith('false')) return ((i += 5), false);
    if (rest.startsWith('set()')) return ((i += 5), new RegoSet([]));
    const c = text[i];
    if (c === '"') {
      const m = STRING.exec(text.slice(i)) ?? fail();
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const m = NUMBER.exec(text.slice(i)) ?? fail();
      i += m[0].length;
      const n = Number(m[0]);
      return Number.isInteger(n) && !Number.isSafeInteger(n) && /^-?\d+$/.test(m[0]) ? BigInt(m[0]) : n;
    }
    if (c === '[') {
      i++;
      const items: RegoValue[] = [];
      ws();
      if (text[i] === ']') return (i++, items);
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, items);
        else fail();
      }
    }
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return (i++, {});
      const first = value();
      ws();
      if (text[i] === ':') {
        // An object; a non-string key becomes its JSON text, as OPA's JSON dump writes it.
        const obj: Record<string, RegoValue> = {};
        let key = first;
        for (;;) {
          i++; // ':'
          const v = value();
          obj[typeof key === 'string' ? key : keyText(key)] = v;
          ws();
          if (text[i] === '}') return (i++, obj);
          if (text[i] !== ',') fail();
          i++;
          key = value();
          ws();
          if (text[i] !== ':') fail();
        }
      }
      const items = [first];
      for (;;) {
        if (text[i] === '}') return (i++, new RegoSet(items));
        if (text[i] !== ',') fail();
        i++;
        items.push(value());
        ws();
      }
    }
    return fail();
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

function keyText(key: RegoValue): string {
  if (key instanceof RegoSet) return `[${key.items.map(keyText).join(',')}]`;
  return JSON.stringify(key, (_k, v: unknown) =>
    v instanceof RegoSet ? v.items : typeof v === 'bigint' ? Number(v) : v,
  );
}
