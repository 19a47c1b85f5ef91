// The Node entry's RE2 engine: loaded synchronously when the first regexp is compiled, so synchronous callers
// (the CLI, policy validation, verifyBundleSync) need no loading step and a process without regexps never loads it.
import { re2jsModule } from './deps/re2js.ts';
import { installGoRegExpEngine } from './regexp-engine.ts';

installGoRegExpEngine({ load: () => re2jsModule().RE2JS });
