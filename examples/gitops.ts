import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';

/**
 * The controller that keeps the lab enforced: it follows the synthesized `dist/` folder of the
 * estate's Git repository (through a git-sync sidecar), applies it in dependency order, reverts
 * drift and prunes what left Git, keeping disks.
 */
export function buildGitOps(app: Construct): void {
  const ops = new Chart(app, 'gitops', { namespace: 'cdk8s-kubevirt' });
  new kv.KubeVirtGitOpsController(ops, 'controller', {
    source: kv.ControllerSource.gitSync({ repo: 'https://git.example.com/platform/estate.git', path: 'dist' }),
    image: 'registry.example.com/platform/cdk8s-kubevirt:0.1.0',
    replicas: 2,
    prune: true,
  });
}
