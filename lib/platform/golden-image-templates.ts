import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IDataSource, IDependencyProxy } from '../core/contracts';
import { GoldenImage, GoldenImageProps } from '../templates/golden-image';

/** HCO's annotation that turns a (common) dataImportCronTemplate off (`pkg/util/consts.go`). */
export const DATA_IMPORT_CRON_ENABLE_ANNOTATION = 'dataimportcrontemplate.kubevirt.io/enable';

/** Where SSP keeps the golden images HCO asks for, unless `commonBootImageNamespace` moves them. */
export const OPENSHIFT_OS_IMAGES_NAMESPACE = 'openshift-virtualization-os-images';

/** A golden image handed to HCO: `GoldenImageProps` with the name required (it names the DataSource). */
export interface HcoGoldenImageProps extends Omit<GoldenImageProps, 'namespace'> {
  /** Name of the DataSource VMs clone, e.g. `rhel9`; the cron is `<name>-image-cron`. */
  readonly name: string;
}

/**
 * One `spec.dataImportCronTemplates` entry, rendered exactly as the project's `GoldenImage` renders
 * its DataImportCron (same schedule, garbage collection, size, inference labels), so an image moves
 * between "the estate owns the cron" and "HCO owns the cron" without changing what is imported.
 */
export function renderDataImportCronTemplate(props: HcoGoldenImageProps): Record<string, unknown> {
  const scratch = new Chart(new App(), 'scratch');
  const image = new GoldenImage(scratch, 'image', props);
  const cron = image.cron.apiObject.toJson();
  const metadata: Record<string, unknown> = { name: cron.metadata.name };
  const annotations = Object.fromEntries(Object.entries(cron.metadata.annotations ?? {})
    .filter(([k]) => !k.startsWith('cdk8s-kubevirt.io/') && !k.startsWith('argocd.argoproj.io/')));
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (cron.metadata.labels && Object.keys(cron.metadata.labels).length > 0) metadata.labels = cron.metadata.labels;
  return { metadata, spec: cron.spec };
}

/** Construct-time errors of the image (the same checks a `GoldenImage` runs). */
export function dataImportCronTemplateErrors(props: HcoGoldenImageProps): string[] {
  const scratch = new Chart(new App(), 'scratch');
  const image = new GoldenImage(scratch, 'image', props);
  return image.node.findAll().flatMap((c) => c.node.validate());
}

/** The DataSource SSP keeps for an HCO-managed golden image; depending on it means depending on the HyperConverged. */
export class HcoManagedDataSource extends Construct implements IDataSource, IDependencyProxy {
  constructor(scope: Construct, id: string, public readonly name: string,
    private readonly namespaceOf: () => string, private readonly owner: IConstruct) {
    super(scope, id);
  }

  public get namespace(): string {
    return this.namespaceOf();
  }

  public get dependencyTarget(): IConstruct {
    return this.owner;
  }
}
