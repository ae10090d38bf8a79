import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as kv from '../lib';

/**
 * The controller that keeps the lab enforced: it follows the synthesized `dist/` folder of the
 * estate's Git repository (through a git-sync sidecar), applies it in dependency order, reverts
 * drift and prunes what left Git, keeping disks.
 */
export function buildGitOps(app: Construct): kv.KubeVirtGitOpsController {
  const ops = new Chart(app, 'gitops', { namespace: 'cdk8s-kubevirt' });
  return new kv.KubeVirtGitOpsController(ops, 'controller', {
    source: kv.ControllerSource.gitSync({ repo: 'https://git.example.com/platform/estate.git', path: 'dist' }),
    image: 'registry.example.com/platform/cdk8s-kubevirt:0.1.0',
    replicas: 2,
    prune: true,
    // The dist folder also holds the platform charts (examples/platform.ts).
    managedResources: [...kv.DEFAULT_MANAGED_RESOURCES, ...kv.PLATFORM_MANAGED_RESOURCES],
  });
}

/**
 * The same estate synced by Argo CD instead: an app-of-apps whose child Applications (one per
 * chart folder) carry sync waves from the chart dependency graph (host-network before lab before
 * templated), plus what Argo CD itself needs: the AppProject, the root Application, and the
 * argocd-cm keys (the Application health check the waves wait on; KubeVirt's bookkeeping fields).
 * Apply the bootstrap folder once (`kubectl apply --server-side -f dist/argocd-bootstrap`); Argo CD
 * does the rest.
 */
export function buildArgoCd(app: Construct, workloads: Chart[]): void {
  const repoURL = 'https://git.example.com/platform/estate.git';
  const bootstrap = new Chart(app, 'argocd-bootstrap');
  const project = new kv.AppProject(bootstrap, 'project', {
    metadata: { name: 'kubevirt-estate' },
    description: 'The KubeVirt lab estate',
    sourceRepos: [repoURL],
    destinations: [kv.Destination.inCluster()],
  });
  new kv.ArgoCdCustomizations(bootstrap, 'argocd-cm');

  const apps = new Chart(app, 'argocd-apps');
  const children = new kv.ChartApplications(apps, 'estate', {
    repoURL,
    targetRevision: 'main',
    outdir: 'dist',
    charts: workloads,
    project,
    // Removing a VM from Git must not delete its disks: pruning stays a human decision.
    syncPolicy: kv.SyncPolicy.automated({ prune: false, selfHeal: true }),
  });
  children.rootApplication(bootstrap, 'root');
}
