import type { FieldProblem } from './errors.ts';

/**
 * Strict, path-aware reading of parsed YAML: every type mismatch and every unknown field
 * becomes a problem (fail closed), worded like the Kubernetes API server's schema errors.
 * YAML `null` means "absent", as Go's JSON decoding treats it.
 */
export class Reader {
  readonly problems: FieldProblem[] = [];
  readonly warnings: string[] = [];

  add(message: string, ...paths: string[]): void {
    this.problems.push({ message, paths });
  }

  typeError(path: string, value: unknown, want: string): void {
    this.problems.push({ message: `${path}: Invalid value: "${typeName(value)}": must be of type ${want}`, paths: [] });
  }

  /** An object with only `allowed` keys; undefined when absent/null or not an object. */
  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.typeError(path, value, 'object');
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.add('unknown field', join(path, key));
    }
    return record;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.typeError(path, value, 'string');
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.typeError(path, value, 'boolean');
      return undefined;
    }
    return value;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.typeError(path, value, 'array');
      return undefined;
    }
    return value;
  }

  stringMap(value: unknown, path: string): Record<string, string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.typeError(path, value, 'object');
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = this.string(v, `${path}[${k}]`);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
