// Every built-in an OPA 0.70.0 WebAssembly module may leave to its host, and what sigguard does
// with it: implemented here with OPA's semantics, or refused when the module is loaded.
import type { HostBuiltin } from '../opa-host.ts';
import { COLLECTION_BUILTINS } from './collections.ts';
import { DOCUMENT_BUILTINS } from './documents.ts';
import { ENCODING_BUILTINS } from './encoding.ts';
import { GO_JSON_BUILTINS } from './go-json.ts';
import { GRAPH_BUILTINS } from './graph.ts';
import { JSON_PATCH_BUILTINS } from './json-patch.ts';
import { JWT_SIGN_BUILTINS } from './jwt-sign.ts';
import { JWT_VERIFY_BUILTINS } from './jwt-verify.ts';
import { NET_BUILTINS } from './net.ts';
import { REGEX_BUILTINS } from './regex.ts';
import { SEMVER_BUILTINS } from './semver.ts';
import { SPRINTF_BUILTINS } from './sprintf.ts';
import { STRINGS_BUILTINS } from './strings.ts';
import { TIME_BUILTINS } from './time.ts';
import { UNITS_BUILTINS } from './units.ts';
import { X509_BUILTINS } from './x509.ts';

export const HOST_BUILTINS: Readonly<Record<string, HostBuiltin>> = {
  ...TIME_BUILTINS,
  ...NET_BUILTINS,
  ...SEMVER_BUILTINS,
  ...UNITS_BUILTINS,
  ...ENCODING_BUILTINS,
  ...REGEX_BUILTINS,
  ...STRINGS_BUILTINS,
  ...SPRINTF_BUILTINS,
  ...DOCUMENT_BUILTINS,
  ...COLLECTION_BUILTINS,
  ...X509_BUILTINS,
  ...JWT_VERIFY_BUILTINS,
  ...JWT_SIGN_BUILTINS,
  ...GRAPH_BUILTINS,
  ...JSON_PATCH_BUILTINS,
  ...GO_JSON_BUILTINS,
};

const NETWORK = 'reaches the network: evaluation is offline';
const RANDOM = 'is random: decisions must be reproducible';
const HOST = 'describes the machine evaluating the policy, not the artifact';

/** Built-ins that would make a decision depend on something other than its inputs. */
export const REFUSED_BUILTINS: Readonly<Record<string, string>> = {
  'http.send': NETWORK,
  'net.lookup_ip_addr': NETWORK,
  'providers.aws.sign_req': 'signs requests with credentials for calls to AWS: evaluation is offline',
  'opa.runtime': HOST,
  'rand.intn': RANDOM,
  'uuid.rfc4122': RANDOM,
};

/** Host built-ins sigguard does not implement yet (a module calling one is refused, naming it). */
export const UNPROVIDED_BUILTINS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'crypto.x509.parse_and_verify_certificates', 'crypto.x509.parse_and_verify_certificates_with_options',
    'crypto.x509.parse_certificate_request', 'crypto.x509.parse_keypair', 'crypto.x509.parse_rsa_private_key',
    'crypto.parse_private_keys', 'crypto.hmac.sha1',
    'io.jwt.decode_verify', 'io.jwt.encode_sign', 'io.jwt.encode_sign_raw',
    ...['rs', 'ps', 'es', 'hs'].flatMap((k) => ['256', '384', '512'].map((b) => `io.jwt.verify_${k}${b}`)),
    'io.jwt.verify_eddsa',
    ...['is_valid', 'parse', 'parse_and_verify', 'parse_query', 'parse_schema', 'schema_is_valid'].map((f) => `graphql.${f}`),
    'json.patch', 'json.marshal_with_options', 'object.subset', 'object.keys', 'object.union_n', 'graph.reachable_paths',
    'regex.globs_match', 'glob.quote_meta', 'strings.render_template', 'indexof_n', 'numbers.range_step',
    'net.cidr_contains_matches', 'rego.parse_module', 'rego.metadata.chain', 'rego.metadata.rule',
    'cast_array', 'cast_set', 'cast_string', 'cast_boolean', 'cast_null', 'cast_object',
  ]
    .filter((name) => !(name in HOST_BUILTINS))
    .map((name) => [name, 'not implemented by sigguard yet']),
);

/** The implementation for a built-in the module imports, or an Error saying why it is refused. */
export function hostBuiltin(name: string): HostBuiltin | Error {
  if (Object.prototype.hasOwnProperty.call(REFUSED_BUILTINS, name)) {
    return new Error(`the Rego policy calls ${name}, which sigguard refuses: it ${REFUSED_BUILTINS[name]}`);
  }
  if (Object.prototype.hasOwnProperty.call(HOST_BUILTINS, name)) return HOST_BUILTINS[name]!;
  return new Error(`the Rego policy calls ${name}, which sigguard does not provide in WebAssembly evaluation`);
}
