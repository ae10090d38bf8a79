// Test helper for every family: proves synthesized objects pass their CRD schema (and
// ObjectMeta checks) exactly as the offline validator judges them.
import { Finding, validateSchema } from '../../lib/validation';

function describeObject(obj: any): string {
  const ns = obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj?.apiVersion ?? '?'} ${obj?.kind ?? '?'} ${ns}${obj?.metadata?.name ?? '?'}`;
}

/** The schema errors (not warnings or infos) for a list of objects. */
export function schemaErrors(objects: any[]): Array<Finding & { index: number }> {
  const out: Array<Finding & { index: number }> = [];
  objects.forEach((obj, index) => {
    // Judge what would reach the server: serialized, so `undefined` members disappear.
    const wire = obj === undefined ? obj : JSON.parse(JSON.stringify(obj));
    for (const f of validateSchema(wire)) if (f.severity === 'error') out.push({ ...f, index });
  });
  return out;
}

/**
 * Fails the test, listing every finding, when any object breaks its CRD schema.
 * Accepts a `Testing.synth` manifest (an array) or a single object.
 */
export function expectSchemaValid(objects: any[] | any): void {
  const list = Array.isArray(objects) ? objects : [objects];
  if (list.length === 0) throw new Error('expectSchemaValid: no objects given');
  const errors = schemaErrors(list);
  if (errors.length === 0) return;
  const lines = errors.map((f) => `  [${f.index}] ${describeObject(list[f.index])}: ${f.path}: ${f.message}`);
  const err = new Error(`expected ${list.length} object(s) to pass their schemas, found ${errors.length} error(s):\n${lines.join('\n')}`);
  err.stack = err.message; // the listing is the useful part, not the helper's frames
  throw err;
}
