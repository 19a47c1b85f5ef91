// regex.* built-ins the WebAssembly target leaves to the host, with Go's RE2 syntax and
// semantics through re2js (as packages/identity does), never JavaScript RegExp.
import { RE2JS } from 're2js';
import type { HostBuiltin } from '../opa-host.ts';
import { smallInt, str } from './args.ts';

const cache = new Map<string, RE2JS>();
function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern); // throws for a pattern Go's regexp refuses
    if (cache.size > 256) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Go's FindAllStringIndex(s, n): no empty match right after the previous match. */
function matches(re: RE2JS, s: string, n: number): { start: number; end: number; groups: (string | null)[] }[] {
  const out: { start: number; end: number; groups: (string | null)[] }[] = [];
  const m = re.matcher(s);
  let prevEnd = -1;
  let from = 0;
  while ((n < 0 || out.length < n) && from <= s.length && m.find(from)) {
    const [start, end] = [m.start(), m.end()];
    if (!(start === end && start === prevEnd)) {
      const groups = Array.from({ length: m.groupCount() + 1 }, (_, i) => m.group(i));
      out.push({ start, end, groups });
    }
    prevEnd = end;
    from = end > start ? end : end + (s.codePointAt(end) !== undefined && s.codePointAt(end)! > 0xffff ? 2 : 1);
  }
  return out;
}

/** Go's Regexp.Split(s, -1). */
function split(re: RE2JS, s: string): string[] {
  if (s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const match of matches(re, s, -1)) {
    end = match.start;
    if (match.end !== 0) out.push(s.slice(beg, end));
    beg = match.end;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Go's Regexp.ReplaceAllString: $1, ${1}, $name, ${name}; $$ is a dollar. */
function expand(template: string, groups: (string | null)[], names: Record<string, number>): string {
  const reference = /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
  return template.replace(reference, (_all, dollar: string, braced?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare!;
    const index = /^[0-9]+$/.test(name) ? Number(name) : names[name];
    return index === undefined ? '' : (groups[index] ?? '');
  });
}

/** OPA's regex.template_match: delimited parts are patterns, the rest is literal; whole-string match. */
function templateMatch(template: string, value: string, open: string, close: string): boolean {
  let pattern = '^';
  let depth = 0;
  let start = 0;
  let literalFrom = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === open) {
      if (depth++ === 0) {
        pattern += RE2JS.quote(template.slice(literalFrom, i));
        start = i + 1;
      }
    } else if (c === close && depth > 0) {
      if (--depth === 0) {
        pattern += `(${template.slice(start, i)})`;
        literalFrom = i + 1;
      }
    }
  }
  if (depth !== 0) throw new SyntaxError(`unbalanced delimiters in template ${template}`);
  pattern += `${RE2JS.quote(template.slice(literalFrom))}$`;
  return compile(pattern).matcher(value).find();
}

export const REGEX_BUILTINS: Record<string, HostBuiltin> = {
  'regex.split': ([pattern, s]) => split(compile(str(pattern)), str(s)),
  'regex.find_n': ([pattern, s, n]) =>
    matches(compile(str(pattern)), str(s), smallInt(n)).map((m) => m.groups[0] ?? ''),
  'regex.replace': ([s, pattern, value]) => {
    const re = compile(str(pattern));
    const text = str(s);
    const names = re.namedGroups();
    let out = '';
    let last = 0;
    for (const m of matches(re, text, -1)) {
      out += text.slice(last, m.start) + expand(str(value), m.groups, names);
      last = m.end;
    }
    return out + text.slice(last);
  },
  'regex.template_match': ([template, s, open, close]) => {
    const [o, c] = [str(open), str(close)];
    if ([...o].length !== 1 || [...c].length !== 1) throw new SyntaxError('delimiters must be single characters');
    return templateMatch(str(template), str(s), o, c);
  },
};
