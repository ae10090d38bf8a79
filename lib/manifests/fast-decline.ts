// How the fast YAML path's readers (fast-yaml.ts, fast-flow.ts) give up inside a document: one
// sentinel thrown (not an Error: no stack trace to capture) and caught once, by readFastDocument,
// which then declines the document to the exact path.
const DECLINE = { declined: true };

export function decline(): never {
  throw DECLINE;
}

export function isDecline(err: unknown): boolean {
  return err === DECLINE;
}
