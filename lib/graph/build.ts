// Builds the topology graph from loaded manifests and the validator's findings. Every input
// object becomes a node; the families the picture is about get their links and details.
import { kindOf } from '../kinds';
import { SourceObject } from '../manifests/types';
import { Finding } from '../validation/types';
import { GraphBuilder } from './builder';
import { TopologyGraph } from './model';
import { addHostNetworking, addNetworkAttachment } from './network';
import { addClaim, addDataImportCron, addDataSource, addDataVolume, addWorkload } from './workloads';

export interface BuildOptions {
  /** Validation findings to mark on the objects they concern. @default - none */
  readonly findings?: readonly Finding[];
}

/** True for a loaded document that is an object with a kind (the loader reports the others). */
function usable(s: SourceObject): boolean {
  const o = s.object as unknown;
  return o !== null && typeof o === 'object' && !Array.isArray(o) && typeof s.object.kind === 'string' && s.object.kind !== '';
}

export function buildTopology(sources: readonly SourceObject[], options: BuildOptions = {}): TopologyGraph {
  const b = new GraphBuilder(options.findings);
  const input = sources.filter(usable);
  // Every object first, so a reference finds an object that comes later in the input.
  const roleOf = (s: SourceObject) => kindOf(s.object.apiVersion, s.object.kind)?.topology;
  for (const s of input) b.addObject(s.object, roleOf(s) ?? 'other', s.file);
  const ofKind = (kind: string) => input.filter((s) => s.object.kind === kind);

  const host = addHostNetworking(b, ofKind('NodeNetworkConfigurationPolicy'));
  for (const s of ofKind('NetworkAttachmentDefinition')) addNetworkAttachment(b, s.object, s.file, host);
  for (const s of ofKind('PersistentVolumeClaim')) addClaim(b, s.object, s.file);
  for (const s of ofKind('DataVolume')) addDataVolume(b, s.object, s.file);
  for (const s of ofKind('DataSource')) addDataSource(b, s.object, s.file);
  for (const s of ofKind('DataImportCron')) addDataImportCron(b, s.object, s.file);
  for (const s of input) if (roleOf(s) === 'workload') addWorkload(b, s.object, s.file);
  for (const s of input) if (roleOf(s) === 'flavor') flavorDetails(b, s);
  return b.finish();
}

function flavorDetails(b: GraphBuilder, s: SourceObject): void {
  const node = b.addObject(s.object, 'flavor', s.file);
  const cpu = s.object.spec?.cpu?.guest;
  const memory = s.object.spec?.memory?.guest;
  if (cpu !== undefined || memory !== undefined) node.details.push([cpu !== undefined ? `${cpu} vCPU` : '', memory ?? ''].filter(Boolean).join(', '));
}
