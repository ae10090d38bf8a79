// A cdk8s plugin (cdk8s.yaml `validations:`) that judges nothing: it reads the synthesized
// manifests, validates them for findings to mark, and writes TOPOLOGY.md (a Mermaid picture
// of the estate and its findings) beside the output folder. cdk8s runs every listed plugin
// on each `cdk8s synth`, which makes the picture a synth-time output with no code change.
import * as fs from 'fs';
import * as path from 'path';
import type { Cdk8sValidationContext } from '../validation/cdk8s-plugin';
import { ConfigError, loadValidationSettings } from '../validation/config/load';
import { validateSources } from '../validation/engine';
import { loadPaths } from '../manifests/loader';
import { scopeOf } from '../validation/schema';
import { buildTopology } from './build';
import { renderMarkdown } from './markdown';

export interface KubeVirtTopologyProps {
  /**
   * The file to write (relative paths from the folder `cdk8s synth` runs in).
   * @default - TOPOLOGY.md beside the output folder (dist/../TOPOLOGY.md)
   */
  readonly output?: string;
  /** Mark validation findings on the objects. @default true */
  readonly findings?: boolean;
  /** A validation config file to read instead of searching for `.cdk8s-kubevirt.yaml`. @default - the nearest one */
  readonly configFile?: string;
}

/**
 * Writes TOPOLOGY.md on every `cdk8s synth`. In cdk8s.yaml, next to the validation plugin:
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-kubevirt
 *     version: 0.1.0
 *     class: KubeVirtTopology
 *     properties: { output: TOPOLOGY.md }
 * ```
 */
export class KubeVirtTopology {
  private readonly props: KubeVirtTopologyProps;

  constructor(props: KubeVirtTopologyProps = {}) {
    this.props = props;
  }

  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const { sources, problems } = loadPaths(context.manifests, { scopeOf, positions: false });
    let findings;
    if (this.props.findings !== false) {
      try {
        findings = [...problems, ...validateSources(sources, { config: loadValidationSettings({ file: this.props.configFile }) })];
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        context.logger.log(`cdk8s-kubevirt topology: ${err.source}: ${err.problems.join('; ')}`);
        context.report.submit('failure', { config: err.message });
        return;
      }
    }
    const outdir = outputFolder(context.manifests);
    const target = path.resolve(this.props.output ?? path.join(path.dirname(outdir), 'TOPOLOGY.md'));
    const graph = buildTopology(sources, { findings });
    fs.writeFileSync(target, renderMarkdown(graph, { source: path.relative(path.dirname(target), outdir) || '.' }));
    const shown = path.relative(process.cwd(), target) || target;
    context.logger.log(`cdk8s-kubevirt: wrote ${shown} (${graph.nodes.length} nodes, ${graph.edges.length} links)`);
    context.report.submit('success', { topology: shown });
  }
}

/**
 * The folder cdk8s wrote: the manifests' common folder, or the ancestor holding the
 * construct-metadata.json cdk8s writes there when plugins run (one chart's folder otherwise).
 */
export function outputFolder(manifests: readonly string[]): string {
  if (manifests.length === 0) return process.cwd();
  const parts = manifests.map((m) => path.resolve(path.dirname(m)).split(path.sep));
  let common = parts[0];
  for (const p of parts.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, i);
  }
  const folder = common.join(path.sep) || path.sep;
  for (let dir = folder, depth = 0; depth < 2; dir = path.dirname(dir), depth++) {
    if (fs.existsSync(path.join(dir, 'construct-metadata.json'))) return dir;
  }
  return folder;
}
