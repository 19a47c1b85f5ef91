// Re-marshal JSON through a description of a Go struct, the way cosign shapes the in-toto
// statement for a short name (json.Unmarshal into the struct, then json.Marshal): unknown keys
// are dropped, missing fields get Go zero values, `omitempty` fields are left out when empty,
// keys match case-insensitively, a value of the wrong JSON type is an error.

export type GoShape =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'any' }
  | { kind: 'time' }
  | { kind: 'ptr'; of: GoShape }
  | { kind: 'slice'; of: GoShape }
  | { kind: 'map'; of: GoShape }
  | { kind: 'struct'; fields: GoField[] };

export interface GoField {
  json: string;
  shape: GoShape;
  omitempty?: boolean;
}

export class GoShapeError extends Error {
  override name = 'GoShapeError';
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function mismatch(path: ShapePath, want: string, got: unknown): GoShapeError {
  return new GoShapeError(
    `json: cannot unmarshal ${typeName(got)} into Go value of type ${want} (at ${path.text() || '.'})`,
  );
}

// Where the value being shaped is: field and key names and slice indexes, pushed and popped while walking and
// joined only for an error message (a path string per field was most of what shaping allocated).
class ShapePath {
  readonly #root: string;
  readonly #segments: (string | number)[] = [];
  constructor(root: string) {
    this.#root = root;
  }
  push(segment: string | number): void {
    this.#segments.push(segment);
  }
  pop(): void {
    this.#segments.pop();
  }
  text(): string {
    let out = this.#root;
    for (const s of this.#segments) out += typeof s === 'number' ? `[${s}]` : `.${s}`;
    return out;
  }
}

/** Go's time.Time JSON form: RFC 3339 with trailing fractional zeros trimmed and "Z" for UTC. */
function goTime(value: string, path: ShapePath): string {
  const m = RFC3339.exec(value);
  if (!m) throw new GoShapeError(`parsing time ${JSON.stringify(value)} as RFC 3339 failed (at ${path.text()})`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zone = m[4] === '+00:00' || m[4] === '-00:00' ? 'Z' : m[4];
  return `${m[1]}T${m[2]}${frac === '.' ? '' : frac}${zone}`;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

export function reshape(value: unknown, shape: GoShape, path = ''): unknown {
  return shapeValue(value, shape, new ShapePath(path));
}

function shapeValue(value: unknown, shape: GoShape, path: ShapePath): unknown {
  switch (shape.kind) {
    case 'any':
      return value === undefined ? null : value;
    case 'string':
      if (value === null || value === undefined) return '';
      if (typeof value !== 'string') throw mismatch(path, 'string', value);
      return value;
    case 'bool':
      if (value === null || value === undefined) return false;
      if (typeof value !== 'boolean') throw mismatch(path, 'bool', value);
      return value;
    case 'time':
      if (value === null || value === undefined) return ZERO_TIME;
      if (typeof value !== 'string') throw mismatch(path, 'time.Time', value);
      return goTime(value, path);
    case 'ptr':
      if (value === null || value === undefined) return null;
      return shapeValue(value, shape.of, path);
    case 'slice': {
      if (value === null || value === undefined) return null;
      if (!Array.isArray(value)) throw mismatch(path, 'slice', value);
      return value.map((v, i) => {
        path.push(i);
        const shaped = shapeValue(v, shape.of, path);
        path.pop();
        return shaped;
      });
    }
    case 'map': {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(path, 'map', value);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        path.push(k);
        out[k] = shapeValue((value as Record<string, unknown>)[k], shape.of, path);
        path.pop();
      }
      return out;
    }
    case 'struct': {
      let source: Record<string, unknown> = {};
      if (value !== null && value !== undefined) {
        if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(path, 'struct', value);
        source = value as Record<string, unknown>;
      }
      const keys = Object.keys(source);
      const out: Record<string, unknown> = {};
      for (const field of shape.fields) {
        path.push(field.json);
        const v = shapeValue(goFieldValue(source, keys, field.json), field.shape, path);
        path.pop();
        // omitempty never drops a struct value in Go (structs are never "empty").
        if (field.omitempty && field.shape.kind !== 'struct' && isEmpty(v)) continue;
        if (field.omitempty && field.shape.kind === 'map' && v && Object.keys(v).length === 0) continue;
        out[field.json] = v;
      }
      return out;
    }
  }
}

/** encoding/json key matching: any key equal under case folding sets the field; the last one wins. */
function goFieldValue(source: Record<string, unknown>, keys: readonly string[], name: string): unknown {
  let found: unknown;
  const folded = name.toLowerCase();
  for (const key of keys) {
    if (key === name || key.toLowerCase() === folded) found = source[key];
  }
  return found;
}
