// A VMI spec's disks and named items, read without allocating: the disk and volume rules run
// for every VM, and per-item arrays, records and eager paths were ~40 MB at 10,000 objects.
// Paths are made only for a finding.
import { VmiSpecView } from './types';
import { arr, has, obj, sameValueZero } from './util';

export const TARGETS = ['disk', 'lun', 'cdrom'] as const;


/** Disks after defaulting (the written ones first, then one per volume without a disk). */
export function specDisks(v: VmiSpecView): any[] {
  return arr(v.spec.domain?.devices?.disks);
}

/** How many of specDisks(v) were written (the rest were added by defaulting). */
export function writtenDisks(v: VmiSpecView): number {
  return arr(v.raw.domain?.devices?.disks).length;
}

/** Disk `i` of specDisks(v)'s path; a defaulted disk's points at the (last) volume of its name. */
export function diskPath(v: VmiSpecView, disks: readonly any[], i: number): string {
  if (i < writtenDisks(v)) return v.at(`domain.devices.disks[${i}]`);
  const name = disks[i].name;
  const vols = arr(v.spec.volumes);
  let at: number | undefined;
  for (let k = 0; k < vols.length; k++) if (sameValueZero(vols[k]?.name, name)) at = k;
  return v.at(`volumes[${at}]`);
}

export type Target = typeof TARGETS[number];

/** A disk's device type: the first of disk, lun, cdrom it sets (disk when none). */
export function targetKind(disk: any): Target {
  for (let i = 0; i < TARGETS.length; i++) if (has(disk?.[TARGETS[i]])) return TARGETS[i];
  return 'disk';
}

const NO_BODY: Record<string, any> = Object.freeze({});

/** The device type's settings (an empty, read-only mapping when it sets none). */
export function targetBody(disk: any, kind: Target): Record<string, any> {
  return has(disk?.[kind]) ? obj(disk[kind]) ?? NO_BODY : NO_BODY;
}

/** True when an item of `items` is named `name`. */
export function hasNamed(items: readonly any[], name: string): boolean {
  for (let i = 0; i < items.length; i++) if (items[i]?.name === name) return true;
  return false;
}

/** The index of the first item before `i` whose name is item `i`'s (SameValueZero, as a Set), else -1. */
export function earlierName(items: readonly any[], i: number): number {
  const name = items[i]?.name;
  for (let k = 0; k < i; k++) if (sameValueZero(items[k]?.name, name)) return k;
  return -1;
}
