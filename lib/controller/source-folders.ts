import { promises as fs } from 'fs';
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

/** Names, sizes and modification times of every file: cheap change detection. */
export async function folderFingerprint(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string) => {
    for (const entry of (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const stat = await fs.stat(full);
        parts.push(`${path.relative(dir, full)}:${stat.size}:${stat.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return parts.join('\n') || 'empty';
}
