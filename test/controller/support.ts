// Helpers for the controller's integration tests (test/integration/controller*.test.ts).
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { KubeClient, createKubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';

/** The admin kubeconfig the integration globalSetup wrote. */
export function kubeconfigPath(): string {
  const file = process.env.KUBECONFIG_CDK8S_KUBEVIRT;
  if (!file) throw new Error('KUBECONFIG_CDK8S_KUBEVIRT is not set: run through the integration jest project');
  return file;
}

export function newClient(kubeconfig = kubeconfigPath()): Promise<KubeClient> {
  return createKubeClient({ kubeconfig });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-kubevirt-${prefix}-`));
}

/** Writes one YAML file per object (the layout `cdk8s synth` produces). */
export function writeFolder(dir: string, objects: KubeObject[]): void {
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  for (const obj of objects) fs.writeFileSync(path.join(dir, `${obj.kind}.${obj.metadata.name}.k8s.yaml`), stringify(obj));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A VirtualMachine the kubevirt.io/v1 schema accepts (nothing runs it: no KubeVirt here). */
export function vm(name: string, namespace: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } } }, ...extra },
  };
}

export function dataVolume(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name, namespace },
    spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
  };
}

export function configMap(name: string, namespace: string, data: Record<string, string> = { a: '1' }): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function nncp(name: string): KubeObject {
  return {
    apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name },
    spec: { desiredState: { interfaces: [{ name: `${name.slice(0, 10)}-br`, type: 'linux-bridge', state: 'up' }] } },
  };
}

/** Sets NNCP conditions through the status subresource, as kubernetes-nmstate's handler does. */
export async function setNncpStatus(client: KubeClient, name: string, condition: 'Available' | 'Degraded' | 'Progressing'): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const types = ['Available', 'Degraded', 'Progressing'];
  await client.applyStatus({
    apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name },
    status: { conditions: types.map((type) => ({ type, status: type === condition ? 'True' : 'False', reason: type === condition ? `Simulated${type}` : 'Simulated', message: '', lastHeartbeatTime: now, lastTransitionTime: now })) },
  } as KubeObject, 'nmstate-handler');
}

/**
 * Plays kubernetes-nmstate for every NNCP named in `names`: once it exists, marks it Available.
 * Returns a stop function.
 */
export function fakeNmstate(client: KubeClient, names: string[], delayMs = 0): () => Promise<void> {
  let stopped = false;
  const done = new Set<string>();
  const loop = (async () => {
    while (!stopped && done.size < names.length) {
      for (const name of names) {
        if (done.has(name)) continue;
        const live = await client.get({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name }).catch(() => undefined);
        if (!live) continue;
        if (delayMs) await sleep(delayMs);
        await setNncpStatus(client, name, 'Available');
        done.add(name);
      }
      await sleep(100);
    }
  })();
  return async () => { stopped = true; await loop; };
}

/**
 * A TCP proxy in front of the API server: `cut()` drops every connection and refuses new ones
 * until `restore()`, which is what a client sees while the API server restarts; `blackhole()`
 * keeps every connection open and accepts new ones but forwards nothing, as on a link that
 * silently died (no reset, no answer).
 */
export class FlakyProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private refusing = false;
  private silent = false;
  private server?: net.Server;
  public port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  public async start(): Promise<void> {
    this.server = net.createServer((client) => {
      if (this.refusing) { client.destroy(); return; }
      this.sockets.add(client);
      if (this.silent) {
        client.on('error', () => client.destroy()).on('close', () => this.sockets.delete(client));
        client.resume(); // read and drop
        return;
      }
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      const close = () => { client.destroy(); upstream.destroy(); this.sockets.delete(client); this.sockets.delete(upstream); this.pairs.delete(pair); };
      client.on('error', close).on('close', close);
      // A silenced link carries no FIN either: the server closing its side reaches no client.
      const upstreamClosed = () => { if (this.silent) { upstream.destroy(); this.sockets.delete(upstream); } else close(); };
      upstream.on('error', upstreamClosed).on('close', upstreamClosed);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  public cut(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.pairs.clear();
  }

  /** Stops forwarding in both directions on every connection, open or new; nothing is closed. */
  public blackhole(): void {
    this.silent = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.resume();
      upstream.resume();
    }
  }

  /** Forwards again; connections silenced by `blackhole()` are closed (their streams are broken). */
  public restore(): void {
    if (this.silent) {
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      this.pairs.clear();
    }
    this.silent = false;
    this.refusing = false;
  }

  public async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A kubeconfig file identical to `source` but pointing at the proxy. */
  public kubeconfig(source: string, dir: string): string {
    const text = fs.readFileSync(source, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${this.port}`);
    const file = path.join(dir, 'proxy.kubeconfig');
    fs.writeFileSync(file, text, { mode: 0o600 });
    return file;
  }
}

export function apiserverTarget(kubeconfig: string): { host: string; port: number } {
  const match = /server: https:\/\/([\d.]+):(\d+)/.exec(fs.readFileSync(kubeconfig, 'utf8'));
  if (!match) throw new Error('kubeconfig has no https://<ip>:<port> server');
  return { host: match[1], port: Number(match[2]) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A VM owning one disk through `dataVolumeTemplates` (KubeVirt creates the DataVolume). */
export function vmWithTemplateDisk(name: string, namespace: string, disk: string): KubeObject {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace },
    spec: {
      runStrategy: 'Halted',
      dataVolumeTemplates: [{ metadata: { name: disk }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }],
      template: { spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '64Mi' } } },
        volumes: [{ name: 'root', dataVolume: { name: disk } }],
      } },
    },
  };
}

/**
 * Prepares the shared test cluster for a first apply of `sources`: the integration suites share one
 * control plane, so another suite may have applied the same estate's cluster-scoped objects (the
 * lab's NNCPs) or still be deleting one of its namespaces. Deletes such leftovers, waits until they
 * are gone, and creates the namespaces the sources use but do not emit. Returns the namespaces it
 * created or that the sources emit (for the suite's own clean-up).
 */
export async function freshEstate(client: KubeClient, sources: { object: KubeObject }[]): Promise<string[]> {
  const gone = (ref: { apiVersion: string; kind: string; name: string; namespace?: string }) =>
    eventually(`${ref.kind}/${ref.name} left by another suite to be gone`, async () => !(await client.get(ref)), 120_000, 200);
  const emitted = new Set(sources.filter((s) => s.object.kind === 'Namespace').map((s) => s.object.metadata.name));
  const used = new Set(sources.map((s) => s.object.metadata.namespace).filter((n): n is string => !!n));
  for (const s of sources.filter((x) => !x.object.metadata.namespace && x.object.kind !== 'Namespace')) {
    const ref = { apiVersion: s.object.apiVersion, kind: s.object.kind, name: s.object.metadata.name };
    if (!(await client.get(ref))) continue;
    await client.delete(ref).catch(() => undefined);
    await gone(ref);
  }
  const owned: string[] = [];
  for (const ns of new Set([...emitted, ...used])) {
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: ns };
    let live = await client.get(ref);
    if (live?.metadata.deletionTimestamp) { await gone(ref); live = undefined; }
    if (emitted.has(ns)) {
      if (live && (ns === 'default' || ns.startsWith('kube-'))) throw new Error(`freshEstate: will not delete namespace ${ns}`);
      if (live) { await client.delete(ref).catch(() => undefined); await gone(ref); }
      owned.push(ns);
    } else if (!live) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      owned.push(ns);
    }
  }
  return owned;
}
