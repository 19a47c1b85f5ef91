// @sigguard/audit: who has signed your images, and whether your policies expect them (docs/audit.md).
export { auditSigners, DEFAULT_AUDIT_LIMITS } from './audit.ts';
export { renderAuditReport } from './render.ts';
export { AUDIT_SCHEMA } from './types.ts';
export type {
  AuditOptions,
  AuditSources,
  AuditLimits,
  AuditProgress,
  AuditReport,
  AuditSigner,
  AuditSignature,
  AuditAdmission,
  AuditFinding,
  AuditStaleIdentity,
  AuditUnverified,
  AuditError,
} from './types.ts';
