// What the network constructs still check themselves: only facts the rendered object does not
// carry (which policy an interface object belongs to, another construct's state). Everything
// else is a shared validator rule, run on the rendered object (lib/core/resource.ts).
import { ConstructCheckId, constructCheck } from '../core/construct-checks';

/** Collects errors and warnings of one construct's validation pass. */
export class Findings {
  public readonly errors: string[] = [];
  public readonly warnings: string[] = [];

  /** Records an error for `path` under a construct-only check id. */
  public error(path: string, message: string, id: ConstructCheckId): void {
    this.errors.push(constructCheck(path, message, id));
  }

  /** Records a warning for `path` under a construct-only check id. */
  public warn(path: string, message: string, id: ConstructCheckId): void {
    this.warnings.push(constructCheck(path, message, id));
  }
}

export { cidrContains, ipFamily, parseCidr } from '../parsers';
export type { Cidr } from '../parsers';
