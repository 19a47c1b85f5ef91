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
import { RSA_PRIVATE_KEY_BUILTINS } from './rsa-private-key.ts';
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
  ...RSA_PRIVATE_KEY_BUILTINS,
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

const X509_GO_JSON =
  "needs Go's x509 chain verification and Go's JSON of requests, key pairs and keys, not reproduced yet";
const GRAPHQL = "returns gqlparser's AST as Go JSON, which no JavaScript GraphQL parser reproduces";

/** Host built-ins sigguard does not provide, and why (a module calling one is refused at load, naming it). */
export const UNPROVIDED_BUILTINS: Readonly<Record<string, string>> = {
  'crypto.x509.parse_and_verify_certificates': X509_GO_JSON,
  'crypto.x509.parse_and_verify_certificates_with_options': X509_GO_JSON,
  'crypto.x509.parse_certificate_request': X509_GO_JSON,
  'crypto.x509.parse_keypair': X509_GO_JSON,
  'crypto.parse_private_keys': X509_GO_JSON,
  ...Object.fromEntries(
    ['is_valid', 'parse', 'parse_and_verify', 'parse_query', 'parse_schema', 'schema_is_valid'].map((f) => [
      `graphql.${f}`,
      GRAPHQL,
    ]),
  ),
  'regex.globs_match': 'needs the intersection of two regular languages, and sigguard does not hand-roll regex engines',
  'strings.render_template': "needs Go's text/template, which has no well-kept JavaScript implementation",
  'rego.parse_module': "needs a Rego parser producing OPA's AST",
  'rego.metadata.chain': "describes the policy source's annotations, which the compiled module does not hand over",
  'rego.metadata.rule': "describes the policy source's annotations, which the compiled module does not hand over",
};

/** The implementation for a built-in the module imports, or an Error saying why it is refused. */
export function hostBuiltin(name: string): HostBuiltin | Error {
  if (Object.hasOwn(REFUSED_BUILTINS, name)) {
    return new Error(`the Rego policy calls ${name}, which sigguard refuses: it ${REFUSED_BUILTINS[name]}`);
  }
  if (Object.hasOwn(HOST_BUILTINS, name)) return HOST_BUILTINS[name]!;
  const why = Object.hasOwn(UNPROVIDED_BUILTINS, name) ? `: it ${UNPROVIDED_BUILTINS[name]}` : '';
  return new Error(`the Rego policy calls ${name}, which sigguard does not provide in WebAssembly evaluation${why}`);
}
