// Proves the test control plane is a real Kubernetes API server: CRD-backed objects,
// server-side apply conflicts, watches, structural-schema and CEL validation, RBAC, and
// the garbage-collector / namespace controllers of kube-controller-manager.
import * as k8s from '@kubernetes/client-node';
import {
  adminConfig,
  apiError,
  clusterState,
  createNamespace,
  deleteNamespace,
  describeIfCluster,
  eventually,
  unprivilegedConfig,
  uniqueName,
  virtualMachine,
} from './cluster';

jest.setTimeout(120_000);

const SSA = k8s.PatchStrategy.ServerSideApply;

describeIfCluster('test control plane', () => {
  let kc: k8s.KubeConfig;
  let objects: k8s.KubernetesObjectApi;
  let ns: string;

  beforeAll(async () => {
    kc = adminConfig();
    objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    ns = await createNamespace(kc, 'cp');
  });

  afterAll(async () => {
    if (ns) await deleteNamespace(kc, ns);
  });

  test('creates a kubevirt.io/v1 VirtualMachine and reads it back', async () => {
    const name = uniqueName('vm');
    const created = await objects.create(virtualMachine(name, ns));
    expect(created.metadata?.uid).toBeTruthy();

    const read = (await objects.read({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns } })) as k8s.KubernetesObject & {
      spec: { runStrategy: string };
    };
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    expect(read.spec.runStrategy).toBe('Halted');
    // managedFields only exist on a real API server's write path.
    expect(read.metadata?.managedFields?.length).toBeGreaterThan(0);
  });

  test('server-side apply from two field managers conflicts with 409', async () => {
    const name = uniqueName('ssa');
    await objects.patch(virtualMachine(name, ns), undefined, undefined, 'manager-alpha', false, SSA);

    const takeover = virtualMachine(name, ns, { runStrategy: 'Always' });
    const { code, status } = await apiError(objects.patch(takeover, undefined, undefined, 'manager-beta', false, SSA));
    expect(code).toBe(409);
    expect(status.reason).toBe('Conflict');
    expect(status.message).toContain('manager-alpha');
    expect(status.message).toContain('.spec.runStrategy');

    // Forcing moves ownership of the field to the second manager.
    const forced = (await objects.patch(takeover, undefined, undefined, 'manager-beta', true, SSA)) as k8s.KubernetesObject & {
      spec: { runStrategy: string };
    };
    expect(forced.spec.runStrategy).toBe('Always');
    const managers = forced.metadata?.managedFields?.map((f) => f.manager) ?? [];
    expect(managers).toEqual(expect.arrayContaining(['manager-alpha', 'manager-beta']));
  });

  test('a watch sees an update', async () => {
    const name = uniqueName('watch');
    const created = await objects.create(virtualMachine(name, ns));
    let onEvent: (obj: k8s.KubernetesObject) => void = () => {};
    let onError: (err: unknown) => void = () => {};
    const seen = new Promise<k8s.KubernetesObject>((resolve, reject) => {
      onEvent = resolve;
      onError = reject;
    });
    // Starting from the create's resourceVersion, the watch delivers the update even if
    // the patch below lands before the watch connection is fully set up.
    const watch = await new k8s.Watch(kc).watch(
      `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`,
      { fieldSelector: `metadata.name=${name}`, resourceVersion: created.metadata?.resourceVersion },
      (phase, obj: k8s.KubernetesObject) => {
        if (phase === 'MODIFIED' && obj.metadata?.labels?.watched === 'yes') onEvent(obj);
      },
      (err) => {
        if (err && (err as Error).name !== 'AbortError') onError(err);
      },
    );
    const timer = setTimeout(() => onError(new Error('no MODIFIED event within 30 s')), 30_000);
    try {
      await objects.patch(
        { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns, labels: { watched: 'yes' } } },
        undefined,
        undefined,
        'watch-test',
        undefined,
        k8s.PatchStrategy.MergePatch,
      );
      const event = await seen;
      expect(event.metadata?.name).toBe(name);
      expect(Number(event.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    } finally {
      clearTimeout(timer);
      watch.abort();
    }
  });

  test('the CRD structural schema rejects a VirtualMachine with runStrategy of the wrong type', async () => {
    const bad = virtualMachine(uniqueName('bad'), ns, { runStrategy: 42 });
    const { code, status } = await apiError(objects.create(bad));
    expect(code).toBe(422);
    expect(status.reason).toBe('Invalid');
    expect(status.message).toMatch(/spec\.runStrategy.*must be of type string/);
  });

  test('a CEL rule of the NodeNetworkConfigurationPolicy CRD rejects a bad nodeSelector key', async () => {
    const nncp = {
      apiVersion: 'nmstate.io/v1',
      kind: 'NodeNetworkConfigurationPolicy',
      metadata: { name: uniqueName('nncp') },
      spec: { nodeSelector: { 'not a qualified name!': 'x' }, desiredState: { interfaces: [] } },
    };
    const { code, status } = await apiError(objects.create(nncp));
    expect(code).toBe(422);
    expect(status.message).toContain('nodeSelector keys must be valid qualified names');
  });

  test('RBAC denies an unprivileged identity until a Role grants it', async () => {
    const name = uniqueName('rbac');
    await objects.create(virtualMachine(name, ns));
    const user = k8s.KubernetesObjectApi.makeApiClient(unprivilegedConfig());
    const ref = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns } };

    const denied = await apiError(user.read(ref));
    expect(denied.code).toBe(403);
    expect(denied.status.reason).toBe('Forbidden');

    // A Role allowing `get` only: the read now passes, a create is still denied.
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    const username = clusterState().unprivileged.user;
    await rbac.createNamespacedRole({
      namespace: ns,
      body: { metadata: { name: 'vm-reader' }, rules: [{ apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], verbs: ['get'] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'vm-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'vm-reader' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: username }],
      },
    });
    let read: k8s.KubernetesObject | undefined;
    await eventually('the RoleBinding to take effect', async () => {
      read = await user.read(ref).catch(() => undefined);
      return !!read;
    }, 15_000);
    expect(read?.metadata?.name).toBe(name);
    expect((await apiError(user.create(virtualMachine(uniqueName('nope'), ns)))).code).toBe(403);
  });

  test('garbage collection deletes dependents after their VirtualMachine is deleted (background)', async () => {
    const name = uniqueName('owner');
    const vm = await objects.create(virtualMachine(name, ns));
    const ownerReferences = [
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name, uid: vm.metadata!.uid!, controller: true, blockOwnerDeletion: true },
    ];
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-cm`, namespace: ns, ownerReferences }, data: { a: 'b' } };
    const dv = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: { name: `${name}-dv`, namespace: ns, ownerReferences },
      spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
    };
    await objects.create(cm);
    await objects.create(dv);

    await objects.delete({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace: ns } }, undefined, undefined, undefined, undefined, 'Background');
    const gone = async (o: k8s.KubernetesObject) => (await apiError(objects.read(o as never)).catch(() => ({ code: 0 }))).code === 404;
    await eventually('the ConfigMap and DataVolume to be garbage-collected', async () => (await gone(cm)) && (await gone(dv)), 90_000);
  });

  test('deleting a namespace removes it with its content (namespace controller)', async () => {
    const other = await createNamespace(kc, 'nsdel');
    await objects.create(virtualMachine(uniqueName('vm'), other));
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.deleteNamespace({ name: other });
    await eventually(`namespace ${other} to disappear`, async () => (await apiError(core.readNamespace({ name: other })).catch(() => ({ code: 0 }))).code === 404, 90_000);
  });
});

