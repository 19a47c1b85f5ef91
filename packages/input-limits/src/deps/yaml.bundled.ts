// yaml.ts for bundles (browser builds, the CLI): the bundler includes `yaml` and decides when it is evaluated.
import { CST, Lexer, parseAllDocuments } from 'yaml';
import type { YamlModule } from './yaml.ts';

const used: YamlModule = { CST, Lexer, parseAllDocuments };
export const yamlModule = (): YamlModule => used;
