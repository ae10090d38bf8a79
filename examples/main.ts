// The seed's lab estate: host networking on the workers, a bridge network for VMs,
// and three VMs (RHEL from an HTTP-imported disk, Fedora from a container disk,
// Windows Server 2019 from a golden image). `npm run synth` writes it to dist/.
import { App, YamlOutputType } from 'cdk8s';
import { buildLab } from './lab';

const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
buildLab(app);
app.synth();
