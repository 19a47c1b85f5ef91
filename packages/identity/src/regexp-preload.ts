// Installs re2js eagerly (a static import) for the Node entry, where bundle size does not matter
// and synchronous callers (the CLI, policy validation) need no loading step.
import { RE2JS } from 're2js';
import { installGoRegExpEngine } from './regexp-engine.ts';

installGoRegExpEngine(RE2JS);
