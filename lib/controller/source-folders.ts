import { promises as fs, statSync } from 'fs';
import * as path from 'path';
import { ApplyResult } from './applier';
import { ChangeSet } from './changeset';
import { InventoryRef } from './inventory';
import { KubeObject } from './objects';
import type { VmChangeOptionsOf } from './vm-change-plan';
import type { Finding } from '../validation';

/** One more folder the controller enforces, with the ApplySet parent recording what it owns. */
export interface SourceFolder {
  readonly source: string;
  readonly inventory: InventoryRef;
}

/** What the controller knows of one folder. */
export interface FolderState extends SourceFolder {
  readonly setId: string;
  fingerprint: string;
  desired: Map<string, KubeObject>;
  /** How a VM write of this folder is classified (its KubeVirt CR, its instancetypes): computed when the folder is read. */
  vmChangeOptions: VmChangeOptionsOf;
  /** The validator's findings for the folder as it was at `fingerprint` (validation is offline: same files, same findings). */
  validated?: { fingerprint: string; findings: Finding[] };
}

/** One result for several folders: every entry, ok only when every folder applied. */
export function combine(results: readonly ApplyResult[]): ApplyResult {
  const changes = new ChangeSet();
  for (const r of results) changes.add(...r.changes.entries);
  const failed = results.filter((r) => !r.ok);
  return {
    ok: failed.length === 0, changes, findings: results.flatMap((r) => r.findings), applySetId: results[0]?.applySetId ?? '',
    message: failed.length ? failed.map((r) => `${r.applySetId}: ${r.message}`).join('; ') : undefined,
    notWaited: results.flatMap((r) => r.notWaited ?? []),
  };
}

/** File names in the order the fingerprint lists them (the default locale's collation, made once). */
const collator = new Intl.Collator();

/** Longest the fingerprint stats files without giving the event loop back (drift corrections wait meanwhile). */
const STAT_SLICE_MS = 4;

/**
 * Names, sizes and modification times of every file: cheap change detection. The controller
 * polls this every few seconds, so at 10,000 files its cost is taken from drift corrections:
 * files are stat'ed synchronously in slices of a few milliseconds, yielding between slices. One
 * promise and thread-pool round trip per file (fs.promises.stat, awaited in turn) cost about six
 * times the CPU for the same string.
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const parts: string[] = [];
  let sliceStart = performance.now();
  const walk = async (d: string, relative: string) => {
    for (const entry of (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => collator.compare(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      // Plain concatenation (path.join normalises every one of 10,000 paths): the path is only stat'ed.
      const full = `${d}${path.sep}${entry.name}`;
      // What path.relative(dir, path.join(d, entry.name)) gives: the names below `dir`, joined by the separator.
      const name = relative ? `${relative}${path.sep}${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, name);
      else {
        const stat = statSync(full);
        parts.push(`${name}:${stat.size}:${stat.mtimeMs}`);
        if (performance.now() - sliceStart >= STAT_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    }
  };
  await walk(dir, '');
  return parts.join('\n') || 'empty';
}
