// Public API of the sigguard facade. Each entry point lives in its own file.
export * from './verify-bundle.ts';
export * from './verify-image.ts';
export { loadPolicies, type LoadedPolicies, type LoadPoliciesOptions } from '@sigguard/image';
export * from './layout-files.ts';
export * from './render.ts';
export * from '@sigguard/audit';
