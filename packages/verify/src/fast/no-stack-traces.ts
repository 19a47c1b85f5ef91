// @sigstore/core's parser tries every OCTET STRING as nested DER and throws (and swallows) an error for each
// one that is not; capturing the stack of those errors was a visible share of a warm verification. Errors
// that escape keep their message (sigguard reports messages, not stacks); the limit is restored at once.

/** Runs `parse` (synchronous) with Error.stackTraceLimit 0. */
export function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
