// Server-side apply names fields in conflicts as structured-merge-diff paths:
// `.spec.runStrategy`, `.metadata.labels.app.kubernetes.io/name`,
// `.spec.template.spec.domain.devices.disks[name="root"].bootOrder`, `.spec.finalizers[="x"]`, `[0]`.
// Keys are not escaped (a label key may contain dots), so a path is resolved against the object.

type Segment = { field: string } | { keys: Record<string, unknown> } | { value: unknown } | { index: number };

/**
 * Removes the field a conflict path names from `obj` (in place). Returns false when the path does
 * not resolve in the object (then nothing was changed).
 */
export function removeFieldPath(obj: Record<string, unknown>, path: string): boolean {
  const found = resolve(obj, path);
  if (!found) return false;
  const { parent, last } = found;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, unknown>)[last as string];
  return true;
}

/** The parent container and the key/index of the field the path names. */
function resolve(root: unknown, path: string): { parent: unknown; last: string | number } | undefined {
  let current: unknown = root;
  let rest = path;
  let parent: unknown;
  let last: string | number | undefined;
  while (rest.length > 0) {
    const step = nextSegment(current, rest);
    if (!step) return undefined;
    const position = locate(current, step.segment);
    if (position === undefined) return undefined;
    parent = current;
    last = position;
    current = (current as Record<string | number, unknown>)[position];
    rest = step.rest;
  }
  return last === undefined ? undefined : { parent, last };
}

function nextSegment(current: unknown, text: string): { segment: Segment; rest: string } | undefined {
  if (text.startsWith('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    // The longest key of the object the path continues with (keys may contain dots).
    const candidates = Object.keys(current).filter((k) => {
      if (!text.startsWith(k, 1)) return false;
      const next = text.charAt(1 + k.length);
      return next === '' || next === '.' || next === '[';
    }).sort((a, b) => b.length - a.length);
    if (candidates.length === 0) return undefined;
    return { segment: { field: candidates[0] }, rest: text.slice(1 + candidates[0].length) };
  }
  if (text.startsWith('[')) {
    const end = closingBracket(text);
    if (end < 0) return undefined;
    const inner = text.slice(1, end);
    const rest = text.slice(end + 1);
    if (/^\d+$/.test(inner)) return { segment: { index: Number(inner) }, rest };
    if (inner.startsWith('=')) return { segment: { value: parseJson(inner.slice(1)) }, rest };
    const keys: Record<string, unknown> = {};
    for (const part of splitOutsideQuotes(inner)) {
      const eq = part.indexOf('=');
      if (eq < 0) return undefined;
      keys[part.slice(0, eq)] = parseJson(part.slice(eq + 1));
    }
    return { segment: { keys }, rest };
  }
  return undefined;
}

function locate(current: unknown, segment: Segment): string | number | undefined {
  if ('field' in segment) return segment.field;
  if (!Array.isArray(current)) return undefined;
  if ('index' in segment) return segment.index < current.length ? segment.index : undefined;
  if ('value' in segment) {
    const i = current.findIndex((v) => JSON.stringify(v) === JSON.stringify(segment.value));
    return i < 0 ? undefined : i;
  }
  const i = current.findIndex((item) => item && typeof item === 'object'
    && Object.entries(segment.keys).every(([k, v]) => JSON.stringify((item as Record<string, unknown>)[k]) === JSON.stringify(v)));
  return i < 0 ? undefined : i;
}

/** Index of the `]` closing the bracket at 0, skipping quoted strings. */
function closingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') { i++; continue; }
    if (c === '"') quoted = !quoted;
    else if (c === ']' && !quoted) return i;
  }
  return -1;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') { i++; continue; }
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
