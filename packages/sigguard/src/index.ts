// Public API of the sigguard facade. Each entry point lives in its own file.
export * from './verify-bundle.ts';
export * from './verify-image.ts';
export { loadPolicies, type LoadedPolicies, type LoadPoliciesOptions } from '@sigguard/image';
export * from './layout-files.ts';
export * from './render.ts';
// Named, not `export *`: esbuild's split ESM build drops a star re-export of an external package.
export {
  auditSigners,
  AUDIT_SCHEMA,
  DEFAULT_AUDIT_LIMITS,
  renderAuditReport,
  type AuditAdmission,
  type AuditError,
  type AuditFinding,
  type AuditLimits,
  type AuditOptions,
  type AuditProgress,
  type AuditReport,
  type AuditSignature,
  type AuditSigner,
  type AuditSources,
  type AuditStaleIdentity,
  type AuditUnverified,
} from '@sigguard/audit';
