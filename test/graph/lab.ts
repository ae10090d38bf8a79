// The seed lab synthesized to real YAML files (as `cdk8s synth` writes them), plus a
// hand-written NAD on a bridge no policy creates: the deliberate finding the picture marks.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { buildLab } from '../../examples/lab';
import { loadPaths } from '../../lib/manifests';
import { validateSources } from '../../lib/validation';
import { buildTopology, TopologyGraph } from '../../lib/graph';

export const DANGLING_NAD = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: storage-vlan100
  namespace: vms
spec:
  config: '{"cniVersion": "0.3.1", "name": "storage-vlan100", "type": "cnv-bridge", "bridge": "br9", "vlan": 100, "mtu": 9000}'
`;

/** Synthesizes the lab into a fresh folder (one file per object) and adds the dangling NAD. */
export function synthLab(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-lab-'));
  const app = new App({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  buildLab(app);
  app.synth();
  fs.writeFileSync(path.join(dir, 'NetworkAttachmentDefinition.storage-vlan100.yaml'), DANGLING_NAD);
  return dir;
}

/** Loads the folder with the one loader, validates it and builds the graph. */
export function labGraph(dir: string): { graph: TopologyGraph; objects: Array<{ kind: string; namespace?: string; name: string }> } {
  const { sources, problems } = loadPaths([dir]);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  const graph = buildTopology(sources, { findings: validateSources(sources) });
  return { graph, objects: sources.map((s) => ({ kind: s.object.kind, namespace: s.object.metadata.namespace, name: s.object.metadata.name })) };
}

export const key = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
