// The `yaml` package, loaded on first use in Node (policies and TrustRoot resources only); bundles use yaml.bundled.ts.
import type * as Yaml from 'yaml';
import { requireOnFirstUse } from '@sigguard/types/require-on-first-use';

/** What sigguard uses of `yaml` (the bundled twin exports just these, so bundlers can drop the rest). */
export type YamlModule = Pick<typeof Yaml, 'CST' | 'Lexer' | 'parseAllDocuments'>;

export const yamlModule = requireOnFirstUse<YamlModule>((import.meta as { url?: string }).url ?? __filename, 'yaml');
