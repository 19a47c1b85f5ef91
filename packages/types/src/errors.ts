// The one base class of sigguard's errors (the pattern of sigstore-js's BaseError): a typed `code`
// callers switch on, a message that names what was wrong, and the underlying `cause` kept.
// Each package subclasses it in its own errors.ts with its code union from @sigguard/types.

export class SigguardError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigguardError';
    this.code = code;
  }
}
