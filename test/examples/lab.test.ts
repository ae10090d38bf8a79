import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { buildLab } from '../../examples/lab';
import { enableSyncWaves } from '../../lib';
import { computeSyncWaves, SYNC_WAVE_ANNOTATION } from '../../lib/controller/ordering';
import { expectSchemaValid } from '../support/schema';

const root = path.resolve(__dirname, '..', '..');

function synthLab(options: { syncWaves?: boolean } = {}) {
  const app = Testing.app();
  buildLab(app);
  if (options.syncWaves) enableSyncWaves(app);
  return app.charts.flatMap((chart) => Testing.synth(chart));
}

describe('seed lab example', () => {
  test('synthesizes the seed objects', () => {
    const objects = synthLab();
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
    expect(ids).toEqual(expect.arrayContaining([
      'DataVolume/vms/rhel-rootdisk',
      'NetworkAttachmentDefinition/vms/br1-public',
      'NodeNetworkConfigurationPolicy//worker-bond1',
      'NodeNetworkConfigurationPolicy//worker-bond1-br1',
      'VirtualMachine/vms/fedora01',
      'VirtualMachine/vms/rhel',
      'VirtualMachine/vms/windows2019',
    ]));
    expect(objects).toMatchSnapshot();
  });

  test('every synthesized object passes its CRD schema', () => {
    expectSchemaValid(synthLab());
  });

  test('objects carry their apply order: NNCP -> NAD -> VM, DataVolume -> VM', () => {
    const objects = synthLab();
    const deps = (name: string) => objects.find((o) => o.metadata.name === name)?.metadata.annotations?.['cdk8s-kubevirt.io/depends-on'] ?? '';
    expect(deps('worker-bond1-br1')).toBe('nmstate.io/NodeNetworkConfigurationPolicy//worker-bond1');
    expect(deps('br1-public')).toBe('nmstate.io/NodeNetworkConfigurationPolicy//worker-bond1-br1');
    expect(deps('rhel').split(',')).toEqual(expect.arrayContaining([
      'cdi.kubevirt.io/DataVolume/vms/rhel-rootdisk',
      'k8s.cni.cncf.io/NetworkAttachmentDefinition/vms/br1-public',
    ]));
  });

  test('the rhel VM is small (1 vCPU, 2 GiB), boots the imported disk and joins br1', () => {
    const objects = synthLab();
    const rhel = objects.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'rhel');
    const spec = rhel.spec.template.spec;
    expect(rhel.spec.running).toBeUndefined();
    expect(rhel.spec.runStrategy).toBe('Always');
    const cpu = spec.domain.cpu ?? {};
    expect((cpu.sockets ?? 1) * (cpu.cores ?? 1) * (cpu.threads ?? 1)).toBe(1);
    expect(spec.domain.memory.guest).toBe('2Gi');
    const rootVolume = spec.volumes.find((v: any) => v.name === 'rootdisk');
    expect(rootVolume.dataVolume.name).toBe('rhel-rootdisk');
    const nic = spec.domain.devices.interfaces.find((i: any) => i.name === 'nic-0');
    expect(nic.bridge).toEqual({});
    const network = spec.networks.find((n: any) => n.name === 'nic-0');
    expect(network.multus.networkName).toMatch(/(^|\/)br1-public$/);

    const dv = objects.find((o) => o.kind === 'DataVolume' && o.metadata.name === 'rhel-rootdisk');
    const storage = dv.spec.pvc ?? dv.spec.storage;
    expect(dv.spec.source.http.url).toBe('http://web.server/disk-image.qcow2');
    expect(storage.accessModes).toEqual(['ReadWriteMany']);
    expect(storage.storageClassName).toBe('managed-nfs-storage');
    expect(storage.resources.requests.storage).toBe('20Gi');
  });

  test('host networking: bond1 (balance-alb over eth2/eth3) and br1 over bond1 without STP', () => {
    const objects = synthLab();
    const ifaces = objects.filter((o) => o.kind === 'NodeNetworkConfigurationPolicy')
      .flatMap((o) => o.spec.desiredState.interfaces);
    const bond = ifaces.find((i: any) => i.name === 'bond1');
    expect(bond['link-aggregation']).toMatchObject({ mode: 'balance-alb', port: ['eth2', 'eth3'] });
    expect(String(bond['link-aggregation'].options.miimon)).toBe('100');
    expect(bond.mtu).toBe(1450);
    const bridge = ifaces.find((i: any) => i.name === 'br1');
    expect(bridge.type).toBe('linux-bridge');
    expect(bridge.bridge.options.stp.enabled).toBe(false);
    expect(bridge.bridge.port.map((p: any) => p.name)).toEqual(['bond1']);
  });

  test('Argo CD sync waves written at synth equal the waves the controller applies in', () => {
    expect(synthLab().some((o) => o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined)).toBe(false);
    const objects = synthLab({ syncWaves: true });
    const waves = computeSyncWaves(objects);
    const annotated = objects.filter((o) => o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined);
    expect(annotated.map((o) => o.kind)).toEqual(expect.arrayContaining(['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'DataVolume', 'VirtualMachine']));
    for (const o of annotated) {
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      expect([o.metadata.name, o.metadata.annotations[SYNC_WAVE_ANNOTATION]])
        .toEqual([o.metadata.name, String(waves.get(`${group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`))]);
    }
    const wave = (name: string) => Number(objects.find((o) => o.metadata.name === name).metadata.annotations[SYNC_WAVE_ANNOTATION]);
    expect(wave('worker-bond1')).toBeLessThan(wave('worker-bond1-br1'));
    expect(wave('worker-bond1-br1')).toBeLessThan(wave('br1-public'));
    expect(wave('br1-public')).toBeLessThan(wave('rhel'));
    expect(wave('rhel-rootdisk')).toBeLessThan(wave('rhel'));
  });

  test('no plaintext passwords: cloud-init credentials come from Secrets', () => {
    const text = JSON.stringify(synthLab());
    expect(text).not.toMatch(/password/i);
    const vms = synthLab().filter((o) => o.kind === 'VirtualMachine');
    for (const vm of vms) {
      for (const volume of vm.spec.template.spec.volumes) {
        const cloudInit = volume.cloudInitNoCloud ?? volume.cloudInitConfigDrive;
        if (cloudInit) expect(cloudInit.userData).toBeUndefined();
      }
    }
  });

  // The lab chart depends on the host-network chart (its NAD rides br1): plain cdk8s would number
  // the folders (0001-lab); GitOpsApp names them by the chart and puts the order in sync waves.
  test('`cdk8s synth` writes one folder per chart, named by the chart, and one file per object', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-synth-'));
    try {
      execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], {
        cwd: root, stdio: 'pipe',
      });
      // Besides the chart folders, the validation plugin has cdk8s write construct-metadata.json.
      const charts = fs.readdirSync(out).filter((f) => fs.statSync(path.join(out, f)).isDirectory()).sort();
      expect(charts).toEqual(['argocd-apps', 'argocd-bootstrap', 'catalog', 'data-protection', 'gitops', 'golden-images', 'host-network', 'lab', 'monitoring', 'namespaces',
        'platform', 'templated', 'vmware-import']);
      const wave = (file: string) => Number(YAML.parse(fs.readFileSync(path.join(out, file), 'utf8')).metadata.annotations[SYNC_WAVE_ANNOTATION]);
      expect(wave('argocd-apps/Application.host-network.k8s.yaml')).toBeLessThan(wave('argocd-apps/Application.lab.k8s.yaml'));
      expect(wave('argocd-apps/Application.lab.k8s.yaml')).toBeLessThan(wave('argocd-apps/Application.templated.k8s.yaml'));
      expect(wave('argocd-apps/Application.golden-images.k8s.yaml')).toBeLessThan(wave('argocd-apps/Application.templated.k8s.yaml'));
      // The Namespaces the charts deploy into live in the namespaces chart, in the first wave, and its
      // Application syncs before theirs; every object names its chart.
      expect(fs.readdirSync(path.join(out, 'namespaces')).sort()).toEqual(['Namespace.cdk8s-kubevirt.k8s.yaml', 'Namespace.kubevirt-os-images.k8s.yaml', 'Namespace.vms.k8s.yaml']);
      expect(wave('namespaces/Namespace.vms.k8s.yaml')).toBe(0);
      expect(wave('argocd-apps/Application.namespaces.k8s.yaml')).toBeLessThan(wave('argocd-apps/Application.lab.k8s.yaml'));
      expect(wave('argocd-apps/Application.namespaces.k8s.yaml')).toBeLessThan(wave('argocd-apps/Application.golden-images.k8s.yaml'));
      for (const chart of charts) {
        for (const file of fs.readdirSync(path.join(out, chart))) {
          expect(YAML.parse(fs.readFileSync(path.join(out, chart, file), 'utf8')).metadata.labels['cdk8s-kubevirt.io/chart']).toBe(chart);
        }
      }
      for (const chart of charts) {
        for (const file of fs.readdirSync(path.join(out, chart))) {
          const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(out, chart, file), 'utf8'));
          expect(docs).toHaveLength(1);
          const obj = docs[0].toJS();
          expect(file).toBe(`${obj.kind}.${obj.metadata.name}.k8s.yaml`);
        }
      }
      expect(fs.readdirSync(path.join(out, 'host-network')).sort()).toEqual([
        'NodeNetworkConfigurationPolicy.worker-bond1-br1.k8s.yaml',
        'NodeNetworkConfigurationPolicy.worker-bond1.k8s.yaml',
      ]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
