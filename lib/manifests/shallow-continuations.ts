// go-yaml (libyaml's scanner) does not check the indentation of the continuation lines of a
// quoted scalar or of a flow collection in block context; YAML 1.2 parsers require them to be
// indented deeper than the parent node. The common case is a NetworkAttachmentDefinition's
// `config: '{` ... `}'` whose closing line sits at the key's column (Multus's own README).
// This pre-pass indents such continuation lines (only whitespace is added, which folding
// removes again) and turns separating tabs in flow collections into spaces, so the YAML 1.2
// parser reads what go-yaml reads. It runs only on text the parser refused.

type State =
  | { kind: 'block' }
  | { kind: 'quoted'; quote: "'" | '"'; minIndent: number; inFlow?: FlowState }
  | { kind: 'flow'; flow: FlowState }
  | { kind: 'blockScalar'; parentIndent: number };

interface FlowState { depth: number; minIndent: number }

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
const endsToken = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * Returns the text with shallow continuation lines of quoted scalars and flow collections
 * indented one column deeper than their parent, or undefined when there is none to fix.
 */
export function fixShallowContinuations(text: string): string | undefined {
  return scan(text).fixed;
}

/**
 * The 0-based index of the first whitespace-only line holding a tab in block context (go-yaml
 * refuses it: "found a tab character that violates indentation"), or -1.
 */
export function blockTabLine(text: string): number {
  return scan(text).tabLine;
}

function scan(text: string): { fixed?: string; tabLine: number } {
  let tabLine = -1;
  const lines = text.split('\n');
  let state: State = { kind: 'block' };
  let changed = false;
  /** Column of the key or `-` owning a plain scalar value that may continue on the next line. */
  let plainOwner = -1;

  for (let n = 0; n < lines.length; n++) {
    let line = lines[n];
    const indent = line.length - line.replace(/^ +/, '').length;
    const blank = line.trim() === '' || line.trim() === '\r';

    if (blank && tabLine < 0 && line.includes('\t') && (state.kind === 'block' || state.kind === 'blockScalar')) tabLine = n;
    if (state.kind === 'blockScalar') {
      if (blank || indent > state.parentIndent) continue;
      state = { kind: 'block' };
    }
    if (state.kind === 'quoted' || state.kind === 'flow') {
      const min = state.kind === 'quoted' ? state.minIndent : state.flow.minIndent;
      const marker = /^(---|\.\.\.)(\s|$)/.test(line);
      if (!blank && !marker && indent < min) {
        line = ' '.repeat(min - indent) + line;
        lines[n] = line;
        changed = true;
      }
    } else if (!blank && plainOwner >= 0 && indent > plainOwner && !line.trimStart().startsWith('#')) {
      continue; // the continuation of a multi-line plain scalar
    }
    plainOwner = -1;

    let expectNode = state.kind === 'block';
    let owner: number = state.kind === 'block' ? indent : -1;
    for (let i: number = state.kind === 'block' ? indent : 0; i < line.length; i++) {
      const c: string = line[i];
      if (state.kind === 'quoted') {
        if (state.quote === "'" && c === "'") {
          if (line[i + 1] === "'") { i++; continue; }
        } else if (state.quote === '"' && c === '\\') {
          if (line[i + 1] === "'") {
            // go-yaml's `\'` escape (YAML 1.1) is a plain apostrophe; YAML 1.2 has no such escape
            line = line.slice(0, i) + line.slice(i + 1);
            lines[n] = line;
            changed = true;
          } else i++;
          continue;
        } else if (c !== state.quote) continue;
        // closing quote
        state = state.inFlow ? { kind: 'flow', flow: state.inFlow } : { kind: 'block' };
        expectNode = false;
        continue;
      }
      if (state.kind === 'flow') {
        const flow: FlowState = state.flow;
        if (c === '#' && (i === 0 || isSpace(line[i - 1]))) break;
        if (c === '\t' && (i === 0 || ' \t,:[{'.includes(line[i - 1]))) {
          // a separating tab, which go-yaml allows in flow context
          line = `${line.slice(0, i)} ${line.slice(i + 1)}`;
          lines[n] = line;
          changed = true;
          continue;
        }
        if (c === '[' || c === '{') flow.depth++;
        else if (c === ']' || c === '}') {
          flow.depth--;
          if (flow.depth === 0) { state = { kind: 'block' }; expectNode = false; }
        } else if ((c === "'" || c === '"') && quoteStartsInFlow(line, i)) {
          state = { kind: 'quoted', quote: c, minIndent: flow.minIndent, inFlow: flow };
        }
        continue;
      }
      // block context
      if (isSpace(c)) continue;
      if (c === '#' && (i === 0 || isSpace(line[i - 1]))) break;
      if (!expectNode) {
        // After a quoted scalar or flow collection: a `:` makes it a key.
        if (c === ':' && endsToken(line[i + 1])) { expectNode = true; continue; }
        break;
      }
      if (c === "'" || c === '"') { state = { kind: 'quoted', quote: c, minIndent: owner + 1 }; continue; }
      if (c === '[' || c === '{') { state = { kind: 'flow', flow: { depth: 1, minIndent: owner + 1 } }; continue; }
      if ((c === '|' || c === '>')) { state = { kind: 'blockScalar', parentIndent: owner }; break; }
      if ((c === '-' || c === '?' || c === ':') && endsToken(line[i + 1])) { owner = i; continue; }
      if (c === '&' || c === '!') { while (i < line.length && !endsToken(line[i])) i++; continue; }
      if (c === '*') { while (i < line.length && !endsToken(line[i])) i++; expectNode = false; continue; }
      // A plain scalar: a key when `: ` follows on this line, else a value that may continue.
      const keyEnd = plainKeyEnd(line, i);
      if (keyEnd >= 0) { owner = i; i = keyEnd; continue; }
      plainOwner = owner;
      break;
    }
  }
  return { fixed: changed ? lines.join('\n') : undefined, tabLine };
}

/** In a flow collection, a quote starts a scalar after `[`, `{`, `,`, `:` or whitespace. */
function quoteStartsInFlow(line: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const p = line[j];
    if (p === ' ' || p === '\t') continue;
    return p === '[' || p === '{' || p === ',' || p === ':' || p === '?';
  }
  return true;
}

/** The index of the `:` ending a plain implicit key starting at `i`, or -1. */
function plainKeyEnd(line: string, i: number): number {
  for (let j = i; j < line.length; j++) {
    const c = line[j];
    if (c === '#' && isSpace(line[j - 1])) return -1;
    if (c === ':' && endsToken(line[j + 1])) return j;
  }
  return -1;
}
