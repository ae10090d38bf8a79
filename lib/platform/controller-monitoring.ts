import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceMonitor as L1ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { promDuration } from './estate-alerts';
import { KubeVirtGitOpsController } from './gitops-controller';

/** Label the ServiceMonitor selects the controller's metrics Service by. */
export const CONTROLLER_SERVICE_LABEL = 'app.kubernetes.io/name';
const CONTROLLER_SERVICE_VALUE = 'cdk8s-kubevirt-controller';

/** Properties of a `ControllerServiceMonitor`. */
export interface ControllerServiceMonitorProps extends KubeVirtResourceProps {
  /** The GitOps controller to scrape. */
  readonly controller: KubeVirtGitOpsController;
  /** @default Duration.seconds(30) */
  readonly interval?: Duration;
}

/**
 * A ServiceMonitor (`monitoring.coreos.com/v1`) that has Prometheus scrape the GitOps controller's
 * `/metrics` (sync durations, drift corrections, skipped prunes, leadership). It labels the
 * controller's Service so the selector matches it.
 */
export class ControllerServiceMonitor extends KubeVirtResource {
  private readonly props: ControllerServiceMonitorProps;

  constructor(scope: Construct, id: string, props: ControllerServiceMonitorProps) {
    const ns = props.metadata?.namespace ?? props.controller.service.metadata.namespace;
    super(scope, id, { gvk: L1ServiceMonitor.GVK }, { ...props, metadata: { ...props.metadata, namespace: ns } });
    this.props = props;
    props.controller.service.metadata.addLabel(CONTROLLER_SERVICE_LABEL, CONTROLLER_SERVICE_VALUE);
    this.addDependency(props.controller.service);
  }

  protected renderBody(): Record<string, unknown> {
    const svcNs = this.props.controller.service.metadata.namespace;
    return {
      spec: {
        selector: { matchLabels: { [CONTROLLER_SERVICE_LABEL]: CONTROLLER_SERVICE_VALUE } },
        ...(svcNs && svcNs !== this.namespace ? { namespaceSelector: { matchNames: [svcNs] } } : {}),
        endpoints: [{ port: 'metrics', path: '/metrics', interval: promDuration(this.props.interval ?? Duration.seconds(30)) }],
      },
    };
  }
}
