import * as http from 'http';
import { AddressInfo } from 'net';
import { changeEntry } from '../../lib/controller/changeset';
import { ControllerMetrics, startHealthServer } from '../../lib/controller/metrics';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('serves /metrics in Prometheus format, /healthz and /readyz', async () => {
  const metrics = new ControllerMetrics();
  let ready = false;
  const server = await startHealthServer({ port: 0, metrics, healthy: () => true, ready: () => ready });
  const port = (server.address() as AddressInfo).port;
  try {
    metrics.record(changeEntry({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'a' }, 'configured'));
    metrics.record(changeEntry({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', namespace: 'vms', name: 'd' }, 'skipped', { reason: 'holds disk data: kept' }));
    metrics.driftCorrections.inc({ kind: 'VirtualMachine' });
    const scraped = await get(port, '/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('cdk8s_kubevirt_objects_total{action="configured",kind="VirtualMachine"} 1');
    expect(scraped.body).toContain('cdk8s_kubevirt_prune_skipped_total{kind="DataVolume"} 1');
    expect(scraped.body).toContain('cdk8s_kubevirt_drift_corrections_total{kind="VirtualMachine"} 1');
    expect((await get(port, '/healthz')).status).toBe(200);
    expect((await get(port, '/readyz')).status).toBe(503);
    ready = true;
    expect((await get(port, '/readyz')).status).toBe(200);
    expect((await get(port, '/nope')).status).toBe(404);
  } finally {
    server.close();
  }
});
