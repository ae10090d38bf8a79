import { applySetId, APPLYSET_PART_OF_LABEL, withMembership } from './inventory';
import { KubeObject, keyOf, loadSourceFolder, refOf } from './objects';
import { orderObjects } from './ordering';
import { FolderState, SourceFolder, folderFingerprint } from './source-folders';
import { vmChangeOptionsFrom } from './vm-change-plan';

/**
 * What the controller wants: the objects of every source folder (each its own ApplySet),
 * re-read only when a folder's files changed. An object in two folders belongs to the first.
 */
export class DesiredSources {
  public readonly folders: FolderState[];
  private desired = new Map<string, KubeObject>();
  /** The folder each desired key comes from. */
  private folderOfKey = new Map<string, FolderState>();

  constructor(folders: readonly SourceFolder[]) {
    this.folders = folders.map((f) => ({ ...f, setId: applySetId(f.inventory), fingerprint: '', desired: new Map(), vmChangeOptions: vmChangeOptionsFrom([]) }));
  }

  /** Every folder has been read once. */
  public get loaded(): boolean {
    return this.folders.every((f) => f.fingerprint !== '');
  }

  /** The desired object for a key (stored with its ApplySet label). */
  public get(key: string): KubeObject | undefined {
    return this.desired.get(key);
  }

  public has(key: string): boolean {
    return this.desired.has(key);
  }

  /** The folder a desired key belongs to. */
  public folderOf(key: string): FolderState | undefined {
    return this.folderOfKey.get(key);
  }

  /** The managed kinds, keyed `apiVersion/kind`. */
  public kinds(): Map<string, { apiVersion: string; kind: string }> {
    const kinds = new Map<string, { apiVersion: string; kind: string }>();
    for (const obj of this.desired.values()) kinds.set(`${obj.apiVersion}/${obj.kind}`, { apiVersion: obj.apiVersion, kind: obj.kind });
    return kinds;
  }

  /** The label selector matching members of any of the sets. */
  public selector(): string {
    const ids = this.folders.map((f) => f.setId);
    return ids.length === 1 ? `${APPLYSET_PART_OF_LABEL}=${ids[0]}` : `${APPLYSET_PART_OF_LABEL} in (${ids.join(',')})`;
  }

  /** Re-reads the folders that changed; returns true when one did. Keys are stored with the ApplySet label. */
  public async reload(): Promise<boolean> {
    let changed = false;
    for (const folder of this.folders) {
      const print = await folderFingerprint(folder.source);
      if (print === folder.fingerprint) continue;
      // No document text kept for locate(): the controller reports findings by object, not by line.
      const sources = await loadSourceFolder(folder.source, { positions: false });
      const ordered = orderObjects(sources.map((s) => s.object));
      folder.desired = new Map(ordered.map((o) => [keyOf(refOf(o.object)), withMembership(o.object, folder.setId)]));
      // Once per read of the folder, not per drift correction.
      folder.vmChangeOptions = vmChangeOptionsFrom([...folder.desired.values()]);
      folder.fingerprint = print;
      changed = true;
    }
    if (changed) {
      // An object in two folders belongs to the first: the second's apply reports it as another set's.
      this.desired = new Map();
      this.folderOfKey = new Map();
      for (const folder of this.folders) {
        for (const [key, obj] of folder.desired) {
          if (this.desired.has(key)) continue;
          this.desired.set(key, obj);
          this.folderOfKey.set(key, folder);
        }
      }
    }
    return changed;
  }

  /** The first folder whose files differ from what was last read (a folder that cannot be read counts as unchanged). */
  public async changedFolder(): Promise<FolderState | undefined> {
    for (const folder of this.folders) {
      const print = await folderFingerprint(folder.source).catch(() => folder.fingerprint);
      if (print !== folder.fingerprint) return folder;
    }
    return undefined;
  }
}
