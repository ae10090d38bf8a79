// The classification options of a folder's VM writes are computed when the folder is read, once,
// and carried with it: every drift correction of the folder uses the same options.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DesiredSources } from '../../lib/controller/desired-sources';

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template: {spec: {domain: {cpu: {sockets: 2}, memory: {guest: 2Gi}}}}
`;
const STAGE = `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata: {name: kubevirt, namespace: kubevirt}
spec: {configuration: {vmRolloutStrategy: Stage}}
`;

describe('DesiredSources', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'desired-sources-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  test('a folder carries its VM change options, computed per read (not per correction)', async () => {
    await fs.writeFile(path.join(dir, 'vm.yaml'), VM);
    const sources = new DesiredSources([{ source: dir, inventory: { name: 'set', namespace: 'vms' } }]);
    await sources.reload();
    const folder = sources.folders[0];
    const options = folder.vmChangeOptions;
    expect(options([...folder.desired.values()][0]).rolloutStrategy).toBe('LiveUpdate');
    // Unchanged files: no re-read, the very same options.
    expect(await sources.reload()).toBe(false);
    expect(folder.vmChangeOptions).toBe(options);

    // The folder's KubeVirt CR switches to Stage: the next read carries it.
    await fs.writeFile(path.join(dir, 'kubevirt.yaml'), STAGE);
    expect(await sources.reload()).toBe(true);
    expect(folder.vmChangeOptions).not.toBe(options);
    const vm = [...folder.desired.values()].find((o) => o.kind === 'VirtualMachine')!;
    expect(folder.vmChangeOptions(vm).rolloutStrategy).toBe('Stage');
  });
});
