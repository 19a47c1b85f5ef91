// What runRego loads on first use: the OPA ABI host and sigguard's built-ins.
export { OpaInstance } from './opa-host.ts';
export { hostBuiltin } from './builtins/index.ts';
