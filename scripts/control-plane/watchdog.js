'use strict';
// Watchdog: `node watchdog.js <ownerPid> <state.json>`. Runs detached from the process that
// started the control plane (jest, or `cluster.js up` while it starts) and, if that owner
// dies without stopping the cluster (SIGKILL, crash, Ctrl-C), stops every process listed
// in the state file and removes its data. It exits on its own once the state file is gone
// (a normal stop removes it), so it never outlives the cluster either.

const fs = require('node:fs');
const { isAlive, sleep } = require('./lib');

async function main() {
  const ownerPid = Number(process.argv[2]);
  const stateFile = process.argv[3];
  if (!Number.isInteger(ownerPid) || !stateFile) {
    console.error('usage: watchdog.js <ownerPid> <state.json>');
    process.exit(2);
  }
  // Survive the terminal's SIGINT/SIGHUP that killed the owner: cleaning up is our job.
  process.on('SIGINT', () => {});
  process.on('SIGHUP', () => {});
  for (;;) {
    if (!fs.existsSync(stateFile)) return; // stopped normally
    if (!isAlive(ownerPid)) break;
    await sleep(500);
  }
  // Required lazily: cluster.js requires this module's neighbours, not this file.
  const { stopFromStateFile } = require('./cluster');
  await stopFromStateFile(stateFile, { fromWatchdog: true });
}

main().catch((err) => {
  console.error(`[control-plane watchdog] ${err?.stack || err}`);
  process.exit(1);
});
