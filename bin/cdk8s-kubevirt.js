#!/usr/bin/env node
// The `cdk8s-kubevirt` command. It runs the compiled CLI (build/lib/cli), which the
// package's build produces; it never compiles TypeScript at run time.
'use strict';
const path = require('path');

let cli;
try {
  cli = require(path.join(__dirname, '..', 'build', 'lib', 'cli'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(path.join('build', 'lib', 'cli'))) {
    process.stderr.write('cdk8s-kubevirt: the compiled CLI is missing (build/lib/cli); run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
}

cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`cdk8s-kubevirt: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
