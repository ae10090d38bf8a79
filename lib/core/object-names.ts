// The names of VMs, pools and DataVolumes without `metadata.name`. A VM's name is its guest's
// hostname and prefixes its disks, so it is the construct path a person wrote (`rhel`, `web-db`),
// not cdk8s's generated `lab-rhel-c81c3fed`. A readable name is unique by checking, not by a hash:
// two objects of one kind and namespace with the same name are a construct-time error naming both.
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { constructCheck } from './construct-checks';

/** How VMs, pools and DataVolumes that have no `metadata.name` are named. */
export enum NameStyle {
  /**
   * The construct path below the chart, lowercased, ids joined with '-': `new VirtualMachine(lab, 'rhel')`
   * is `rhel`, a VM `db` inside your construct `web` is `web-db`. Unique in its kind and namespace across
   * the whole app (checked at synth).
   */
  READABLE = 'readable',
  /**
   * cdk8s's generated name: chart, construct path and a hash (`lab-rhel-c81c3fed`). The names of
   * cdk8s-kubevirt 0.1: keeps the objects of an estate deployed with it under their names.
   */
  GENERATED = 'generated',
}

const styles = new WeakMap<IConstruct, NameStyle>();

/**
 * Sets how the VMs, pools and DataVolumes created under `scope` (an App, a chart or any construct)
 * from now on are named when they have no `metadata.name`. Call it before creating them.
 * Default: `NameStyle.READABLE`.
 */
export function setNameStyle(scope: IConstruct, style: NameStyle): void {
  styles.set(scope, style);
}

/** The kinds that get readable names, and the longest name each may get. */
export interface ReadableNameOptions {
  /** The longest name (a VM's name is its hostname, at most 63; a pool's VMs append `-<index>`). */
  readonly maxLength: number;
}

/** A named object of the app, for the uniqueness check. */
interface NamedObject {
  readonly construct: IConstruct;
  readonly name: string;
  /** True when the name comes from the construct path, not from `metadata.name`. */
  readonly derived: boolean;
}

/** Per app: `<kind>/<namespace>/<name>` to the objects carrying it. */
const registries = new WeakMap<IConstruct, Map<string, NamedObject[]>>();

/**
 * The name of an object created at `scope` with `id`, or undefined when cdk8s should generate it
 * (an explicit name, or `NameStyle.GENERATED` here).
 */
export function readableName(scope: IConstruct, id: string, explicitName: string | undefined): string | undefined {
  if (explicitName !== undefined || styleAt(scope) === NameStyle.GENERATED) return undefined;
  const chart = Chart.of(scope);
  const below = [...scope.node.scopes.slice(chart.node.scopes.length).map((c) => c.node.id), id];
  // cdk8s leaves these ids out of generated names too.
  const ids = below.filter((i) => i !== 'Default' && i !== 'Resource');
  return ids.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Records the name of a constructed object and adds its construct-time checks: a derived name is a
 * DNS-1123 label of at most `maxLength` characters, and no other object of its kind and namespace in
 * the app has the same name (both named in the error).
 */
export function registerObjectName(construct: IConstruct, kind: string, namespace: string | undefined, name: string, derived: boolean, options: ReadableNameOptions): void {
  const root = construct.node.root;
  let registry = registries.get(root);
  if (!registry) registries.set(root, registry = new Map());
  const key = `${kind}/${namespace ?? ''}/${name}`;
  const entries = registry.get(key) ?? [];
  registry.set(key, entries);
  const self: NamedObject = { construct, name, derived };
  entries.push(self);
  construct.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      if (derived && !isDnsLabel(name, options.maxLength)) {
        errors.push(constructCheck('metadata.name', `${kind} name '${name}' derived from the construct path '${construct.node.path}' is no DNS-1123 label of at most ${options.maxLength} characters: give a shorter id or metadata.name`, 'construct-object-name'));
      }
      const others = entries.filter((e) => e !== self && (derived || e.derived));
      if (others.length > 0) {
        const where = namespace ? ` in namespace '${namespace}'` : '';
        errors.push(constructCheck('metadata.name', `${kind} '${name}'${where} is also the name of ${others.map((o) => `'${o.construct.node.path}'`).join(', ')} (a name without metadata.name comes from the construct path below the chart): give one of them another id or metadata.name`, 'construct-object-name'));
      }
      return errors;
    },
  });
}

function styleAt(scope: IConstruct): NameStyle {
  for (const c of [...scope.node.scopes].reverse()) {
    const style = styles.get(c);
    if (style) return style;
  }
  return NameStyle.READABLE;
}

function isDnsLabel(name: string, maxLength: number): boolean {
  return name.length > 0 && name.length <= maxLength && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
