import { EvaluationTimeoutError } from './errors.ts';

/** A one-line message for any thrown value (errors from verifiers and engines are untrusted). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? `${e.message} [${code}]` : e.message;
  }
  return String(e);
}

/** The code of an error, when it carries a string one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Rejects with EvaluationTimeoutError when `work` takes longer than `ms` (no limit when undefined). */
export function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (ms === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EvaluationTimeoutError(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
