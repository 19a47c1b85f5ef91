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
