// The escape hatch as data: the JSON patch operations that turn what a construct renders into
// the imported object. Every field the L2 API cannot express shows up here, never dropped.

/** One RFC 6902 operation (`add`, `replace`, `remove`). */
export interface PatchOp {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** `~` and `/` escaped as a JSON pointer token. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The operations that turn `rendered` into `wanted`: objects are compared key by key, lists of
 * equal length item by item, anything else is replaced whole. Sorted by path for stable output.
 */
export function diffToPatch(rendered: unknown, wanted: unknown, path = ''): PatchOp[] {
  if (jsonEqual(rendered, wanted)) return [];
  if (isPlainObject(rendered) && isPlainObject(wanted)) {
    const ops: PatchOp[] = [];
    const keys = [...new Set([...Object.keys(rendered), ...Object.keys(wanted)])].sort();
    for (const key of keys) {
      const p = `${path}/${pointerToken(key)}`;
      const r = rendered[key];
      const w = wanted[key];
      if (w === undefined && r !== undefined) ops.push({ op: 'remove', path: p });
      else if (r === undefined && w !== undefined) ops.push({ op: 'add', path: p, value: w });
      else ops.push(...diffToPatch(r, w, p));
    }
    return ops;
  }
  if (Array.isArray(rendered) && Array.isArray(wanted) && rendered.length === wanted.length) {
    return rendered.flatMap((r, i) => diffToPatch(r, wanted[i], `${path}/${i}`));
  }
  return [{ op: 'replace', path, value: wanted }];
}

/** Applies operations to a copy of `doc` (the generator's own check of its prediction). */
export function applyPatch(doc: unknown, ops: readonly PatchOp[]): unknown {
  const root = { value: JSON.parse(JSON.stringify(doc ?? null)) as unknown };
  for (const op of ops) {
    const tokens = op.path === '' ? [] : op.path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (tokens.length === 0) { root.value = op.value; continue; }
    let parent: any = root.value;
    for (const t of tokens.slice(0, -1)) parent = parent[t];
    const last = tokens[tokens.length - 1];
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1); else delete parent[last];
    } else {
      parent[last] = JSON.parse(JSON.stringify(op.value));
    }
  }
  return root.value;
}

/** How many leaf fields a patch sets or removes (a replaced object counts its leaves). */
export function countFields(ops: readonly PatchOp[]): number {
  return ops.reduce((n, op) => n + (op.op === 'remove' ? 1 : leaves(op.value)), 0);
}

function leaves(v: unknown): number {
  if (Array.isArray(v)) return Math.max(1, v.reduce((n: number, x) => n + leaves(x), 0));
  if (isPlainObject(v)) return Math.max(1, Object.values(v).reduce((n: number, x) => n + leaves(x), 0));
  return 1;
}
