import { Chart, Testing } from 'cdk8s';
import { Flavor, RouteTermination, VirtualMachine, VirtualMachineIngress, VirtualMachineRoute } from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

function exposed() {
  const c = new Chart(Testing.app(), 'vms', { namespace: 'vms' });
  const vm = new VirtualMachine(c, 'web', { metadata: { name: 'web' }, flavor: Flavor.SMALL });
  const svc = vm.expose({ name: 'web', ports: [{ port: 80, targetPort: 80, name: 'http' }, { port: 443, targetPort: 443, name: 'https' }] });
  return { c, svc };
}

describe('Route and Ingress to a VM Service', () => {
  test('a Route and an Ingress to the Service the VM exposes, schema-valid, in the VM namespace', () => {
    const { c, svc } = exposed();
    new VirtualMachineRoute(c, 'route', { metadata: { name: 'web' }, service: svc, host: 'web.apps.lab.example.com', termination: RouteTermination.EDGE });
    new VirtualMachineRoute(c, 'plain', { metadata: { name: 'web-plain' }, service: svc, host: 'web-plain.apps.lab.example.com' });
    new VirtualMachineRoute(c, 'tls', { metadata: { name: 'web-tls' }, service: svc, port: 443, termination: RouteTermination.PASSTHROUGH });
    new VirtualMachineIngress(c, 'ingress', { service: svc, host: 'web.lab.example.com', tlsSecretName: 'web-cert', className: 'nginx' });
    const objs = synthYaml(c);
    // Routes with spec.tls included: the schema's anyOf branches are value checks, as on the real
    // kube-apiserver (test/integration/schema-differential.test.ts).
    expectSchemaValid(objs.filter((o) => o.kind === 'Route'));
    const route = objs.find((o) => o.metadata.name === 'web' && o.kind === 'Route');
    expect(route.metadata.namespace).toBe('vms');
    expect(route.spec).toEqual({
      to: { kind: 'Service', name: 'web', weight: 100 }, port: { targetPort: 80 }, host: 'web.apps.lab.example.com',
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    });
    expect(objs.find((o) => o.metadata.name === 'web-tls').spec.tls).toEqual({ termination: 'passthrough' });
    const ing = objs.find((o) => o.kind === 'Ingress');
    expect(ing.metadata.namespace).toBe('vms');
    expect(ing.spec).toMatchObject({
      ingressClassName: 'nginx', tls: [{ hosts: ['web.lab.example.com'], secretName: 'web-cert' }],
      rules: [{ host: 'web.lab.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
  });

  test.each([
    [{ port: 8080 }, /the Service exposes ports 80, 443, not 8080/],
    [{ host: 'Not A Host' }, /spec\.host: 'Not A Host' is not a DNS name/],
    [{ termination: RouteTermination.PASSTHROUGH, path: '/api' }, /a passthrough route cannot route by path/],
    [{ insecureEdgeTerminationPolicy: 'Allow' as const }, /needs a TLS termination/],
  ])('a Route with %j is refused', (props, message) => {
    const { c, svc } = exposed();
    new VirtualMachineRoute(c, 'r', { service: svc, ...props });
    expect(synthError(c)).toMatch(message);
  });
});
