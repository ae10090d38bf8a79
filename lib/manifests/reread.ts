// A file's text read again when a report asks where a field is (LoadOptions.keepText false): a
// run over a large input then holds no document text. Holding it was 55 MB more peak RSS and 40%
// more time (full GCs over an ever larger heap) for the text report of 50,000 objects.
import * as fs from 'fs';
import { LocatorParts, Position, documentLocator, recordLocator } from './positions';

/** What a file looked like when it was read: a changed file's offsets are not trusted. */
export function fileStamp(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}

/**
 * The last file read again, and its stamp (undefined text: changed or unreadable since). One file
 * at a time: a report asks for positions in input order, file after file.
 */
let last: { file: string; stamp: string; text: string | undefined } | undefined;

/** The text of `file` as it was read (same stamp), else undefined. */
export function rereadText(file: string, stamp: string): string | undefined {
  if (last?.file === file && last.stamp === stamp) return last.text;
  let text: string | undefined;
  try {
    text = fileStamp(fs.statSync(file)) === stamp ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  last = { file, stamp, text };
  return text;
}

/**
 * `documentLocator` for the document at `offset` (`length` characters, starting on line
 * `firstLine`) of `file`, whose text is read again on the first position asked. A file changed
 * since `stamp` gives no position (undefined): its offsets may point into other text.
 */
export function fileLocator(file: string, stamp: string, offset: number, length: number, firstLine: number,
  prefix: ReadonlyArray<string | number>, fast?: boolean): (dotted: string) => Position | undefined {
  const locate = (dotted: string): Position | undefined => {
    if (current?.locate !== locate) {
      const text = rereadText(file, stamp);
      current = { locate, inner: text === undefined ? undefined : documentLocator(text.slice(offset, offset + length), firstLine, prefix, fast) };
    }
    return current.inner?.(dotted);
  };
  recordLocator(locate, { file, stamp, offset, length, line: firstLine, prefix, ...(fast !== undefined ? { fast } : {}) });
  return locate;
}

/** The document the last position was asked in (its parsed events, when it needed them, stay with it). */
let current: { locate: object; inner: ((dotted: string) => Position | undefined) | undefined } | undefined;

/** A locator made of these parts (`LocatorParts`) again. */
export function locatorOf(parts: LocatorParts): (dotted: string) => Position | undefined {
  return 'body' in parts
    ? documentLocator(parts.body, parts.line, parts.prefix, parts.fast)
    : fileLocator(parts.file, parts.stamp, parts.offset, parts.length, parts.line, parts.prefix, parts.fast);
}

/** Lets go of the text `rereadText` holds (once the report is written). */
export function forgetRereadText(): void {
  last = undefined;
  current = undefined;
}
