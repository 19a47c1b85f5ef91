// The facade's errors live in src/errors.ts; this path stays for the CLI, which imports it here.
export { VerifyImageError, type VerifyImageErrorCode } from '../errors.ts';
