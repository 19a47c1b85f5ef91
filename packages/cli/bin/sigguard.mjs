#!/usr/bin/env node
// Committed launcher so the bin link exists before the first build.
import module from 'node:module';

// Node's code cache (os.tmpdir()/node-compile-cache, as tsc uses it): later starts skip
// compiling the bundled dist, which is most of a short command's time.
module.enableCompileCache?.();
await import('../dist/cli.js');
