// Names for the Service ports `vm.expose()` creates: Kubernetes refuses a Service with more than
// one port unless every port has a name (a DNS label, unique in the Service).
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { constructCheck } from '../core/construct-checks';

/** IANA service names of the ports VMs commonly expose. */
const WELL_KNOWN_PORTS: Readonly<Record<number, string>> = {
  21: 'ftp', 22: 'ssh', 25: 'smtp', 53: 'dns', 80: 'http', 110: 'pop3', 143: 'imap', 389: 'ldap', 443: 'https',
  445: 'smb', 636: 'ldaps', 1433: 'mssql', 1521: 'oracle', 2049: 'nfs', 3306: 'mysql', 3389: 'rdp', 5432: 'postgres',
  5900: 'vnc', 5985: 'winrm', 5986: 'winrm-https', 6379: 'redis', 8080: 'http-alt', 8443: 'https-alt', 9090: 'web-console',
  9100: 'node-exporter', 27017: 'mongodb',
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The name a port gets when it has none: its IANA service name, else `port-<n>`; `-udp`/`-sctp` for those protocols. */
export function defaultPortName(port: number, protocol?: plus.Protocol): string {
  const base = WELL_KNOWN_PORTS[port] ?? `port-${port}`;
  return protocol === undefined || protocol === plus.Protocol.TCP ? base : `${base}-${protocol.toLowerCase()}`;
}

/**
 * The ports with a name on each one when there are several (a single port may stay unnamed, as
 * Kubernetes allows). Names a caller gave are kept.
 */
export function nameServicePorts(ports: plus.ServicePort[]): plus.ServicePort[] {
  if (ports.length < 2) return ports;
  const taken = new Set(ports.map((p) => p.name).filter((n): n is string => n !== undefined));
  return ports.map((p) => {
    if (p.name !== undefined) return p;
    let name = defaultPortName(p.port, p.protocol);
    for (let i = 2; taken.has(name); i++) name = `${defaultPortName(p.port, p.protocol)}-${i}`;
    taken.add(name);
    return { ...p, name };
  });
}

/** Construct-time errors of a Service's ports: names that are not DNS labels, or used twice. */
export function validateServicePorts(ports: readonly plus.ServicePort[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}].name`;
    if (p.name === undefined) {
      if (ports.length > 1) errors.push(constructCheck(path, 'a Service with several ports needs a name on each', 'construct-service-port-names'));
      return;
    }
    if (p.name.length > 63 || !DNS_LABEL.test(p.name)) {
      errors.push(constructCheck(path, `port name '${p.name}' is not a DNS label (lower case, digits, '-', at most 63 characters)`, 'construct-service-port-names'));
    }
    if (seen.has(p.name)) errors.push(constructCheck(path, `port name '${p.name}' is used twice`, 'construct-service-port-names'));
    seen.add(p.name);
  });
  return errors;
}

/** Options of `vm.expose()` and `pool.expose()`. */
export interface VirtualMachineExposeOptions {
  /**
   * Ports to expose; a number is a TCP port with the same target port. With several ports, each
   * port without a name gets one (its IANA service name such as `http`, else `port-<n>`), as
   * Kubernetes requires for multi-port Services.
   */
  readonly ports: Array<number | plus.ServicePort>;
  /** @default plus.ServiceType.CLUSTER_IP */
  readonly type?: plus.ServiceType;
  /**
   * Name of the Service.
   * @default - generated
   */
  readonly name?: string;
  /**
   * Construct id of the Service.
   * @default 'Service'
   */
  readonly id?: string;
}

/** A cdk8s-plus Service (a child of `selector`) selecting its pods, its ports named when there are several. */
export function exposeService(selector: Construct & plus.IPodSelector, options: VirtualMachineExposeOptions): plus.Service {
  const ports = nameServicePorts(options.ports.map((p) => typeof p === 'number' ? { port: p, targetPort: p } : p));
  const service = new plus.Service(selector, options.id ?? 'Service', {
    metadata: options.name ? { name: options.name } : undefined,
    type: options.type,
    selector,
    ports,
  });
  service.node.addValidation({ validate: () => validateServicePorts(service.ports) });
  return service;
}
