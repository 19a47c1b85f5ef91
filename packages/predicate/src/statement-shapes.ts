// The Go structs cosign v3.0.5 unmarshals the statement into, per short name
// (pkg/policy/attestation.go; struct layouts from in-toto-golang v0.9.0 and cosign's
// pkg/cosign/attestation). Expressed as data so the shaping code stays generic.
import type { GoField, GoShape } from './go-json-shape.ts';

const str: GoShape = { kind: 'string' };
const bool: GoShape = { kind: 'bool' };
const any: GoShape = { kind: 'any' };
const time: GoShape = { kind: 'time' };
const digestSet: GoShape = { kind: 'map', of: str };
const struct = (...fields: GoField[]): GoShape => ({ kind: 'struct', fields });
const f = (json: string, shape: GoShape, omitempty = false): GoField => ({ json, shape, omitempty });

const subject = struct(f('name', str), f('digest', digestSet));

function statement(predicate: GoShape): GoShape {
  return struct(
    f('_type', str),
    f('predicateType', str),
    f('subject', { kind: 'slice', of: subject }),
    f('predicate', predicate),
  );
}

/** in_toto.Statement, SPDXStatement, CycloneDXStatement: the predicate is kept as-is. */
export const GENERIC_STATEMENT = statement(any);

/** in_toto.LinkStatement: predicate is an in-toto v0.9 Link. */
export const LINK_STATEMENT = statement(
  struct(
    f('_type', str),
    f('name', str),
    f('materials', { kind: 'map', of: digestSet }),
    f('products', { kind: 'map', of: digestSet }),
    f('byproducts', { kind: 'map', of: any }),
    f('command', { kind: 'slice', of: str }),
    f('environment', { kind: 'map', of: any }),
  ),
);

/** in_toto.ProvenanceStatementSLSA02: SLSA v0.2 provenance predicate. */
export const SLSA02_STATEMENT = statement(
  struct(
    f('builder', struct(f('id', str))),
    f('buildType', str),
    f(
      'invocation',
      struct(
        f('configSource', struct(f('uri', str, true), f('digest', digestSet, true), f('entryPoint', str, true)), true),
        f('parameters', any, true),
        f('environment', any, true),
      ),
      true,
    ),
    f('buildConfig', any, true),
    f(
      'metadata',
      {
        kind: 'ptr',
        of: struct(
          f('buildInvocationID', str, true),
          f('buildStartedOn', { kind: 'ptr', of: time }, true),
          f('buildFinishedOn', { kind: 'ptr', of: time }, true),
          f('completeness', struct(f('parameters', bool), f('environment', bool), f('materials', bool))),
          f('reproducible', bool),
        ),
      },
      true,
    ),
    f('materials', { kind: 'slice', of: struct(f('uri', str, true), f('digest', digestSet, true)) }, true),
  ),
);

/** attestation.CosignVulnStatement: cosign's vulnerability scan predicate. */
export const VULN_STATEMENT = statement(
  struct(
    f('invocation', struct(f('parameters', any), f('uri', str), f('event_id', str), f('builder.id', str))),
    f(
      'scanner',
      struct(f('uri', str), f('version', str), f('db', struct(f('uri', str), f('version', str))), f('result', any)),
    ),
    f('metadata', struct(f('scanStartedOn', time), f('scanFinishedOn', time))),
  ),
);

/** Which struct the statement goes through for a CIP `predicateType` value (name as written). */
export function statementShapeFor(nameAsWritten: string): { shape: GoShape; goType: string } {
  switch (nameAsWritten) {
    case 'link':
      return { shape: LINK_STATEMENT, goType: 'LinkStatement' };
    case 'slsaprovenance':
      return { shape: SLSA02_STATEMENT, goType: 'ProvenanceStatementSLSA02' };
    case 'vuln':
      return { shape: VULN_STATEMENT, goType: 'CosignVulnStatement' };
    case 'spdx':
    case 'spdxjson':
      return { shape: GENERIC_STATEMENT, goType: 'SPDXStatement' };
    case 'cyclonedx':
      return { shape: GENERIC_STATEMENT, goType: 'CycloneDXStatement' };
    default:
      return { shape: GENERIC_STATEMENT, goType: 'Statement' };
  }
}
