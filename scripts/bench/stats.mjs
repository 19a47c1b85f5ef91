// Order statistics and formatting shared by the bench sections.
export const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
export const ms = (x) => (x === undefined ? '—' : x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
export const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
export const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows)
    console.log(
      '  ' +
        r
          .map((x, i) => String(x).padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
    );
}
