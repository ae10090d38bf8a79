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
    // User mistakes (a missing kubeconfig...) get one line; anything else is a bug: show the stack.
    const text = err && err.userFacing ? err.message : err && err.stack ? err.stack : err;
    process.stderr.write(`cdk8s-kubevirt: ${text}\n`);
    process.exitCode = 2;
  },
);
