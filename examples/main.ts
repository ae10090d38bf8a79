// The seed's lab estate: host networking on the workers, a bridge network for VMs,
// and three VMs (RHEL from an HTTP-imported disk, Fedora from a container disk,
// Windows Server 2019 from a golden image), plus golden images, the instancetype catalog
// and a VM template (examples/catalog.ts), and the cluster's platform set-up
// (examples/platform.ts). `npm run synth` writes it to dist/, one folder per chart and one
// file per object, the layout Argo CD applications point at.
import { Chart } from 'cdk8s';
import { FORKLIFT_NAMESPACE, GitOpsApp } from '../lib';
import { buildCatalogExamples } from './catalog';
import { buildArgoCd, buildGitOps } from './gitops';
import { buildLab } from './lab';
import { buildPlatform } from './platform';

// No outdir here: `cdk8s synth --output` passes its folder through CDK8S_OUTDIR. GitOpsApp writes
// one folder per chart named by the chart (dist/lab/, never renumbered), the Namespaces the charts
// deploy into (not Forklift's: its operator install owns it), and Argo CD sync waves on every
// object (NNCPs, NADs, disks, VMs in order).
const app = new GitOpsApp({ externalNamespaces: [FORKLIFT_NAMESPACE] });
const lab = buildLab(app);
buildCatalogExamples(app, lab);
const controller = buildGitOps(app);
buildPlatform(app, lab, controller);
// Or let Argo CD sync the estate (every chart but the controller's): one Application per chart
// folder, in waves from the chart dependency graph (examples/gitops.ts).
buildArgoCd(app, app.node.children.filter(Chart.isChart).filter((c) => c !== Chart.of(controller)));
app.synth();
