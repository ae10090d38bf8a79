// factsText writes the facts' JSON text without building the projected tree: it must be exactly
// encodeFacts(JSON.stringify(crossFacts(...))) (what the run kept before), for every kind with facts and for
// the odd inputs: `__proto__` keys (detached() drops them), optional mappings that keep nothing,
// values of the wrong type where a shape expects a mapping or a list, empty and null values.
import * as fs from 'fs';
import * as path from 'path';
import { readGoYaml } from '../../lib/manifests/go-yaml';
import { CROSS_FACTS } from '../../lib/validation/cross-facts';
import { crossFacts } from './cross-facts-reference';
import { decodeFacts, encodeFacts } from '../../lib/validation/facts-entry';
import { factsText } from '../../lib/validation/facts-text';
import { groupOf } from '../../lib/validation/object-index';

const keep = (s: string) => s;

/** What the run kept before: the facts as JSON (keys coded), or undefined when it kept the object itself. */
function expected(groupKind: string, object: any): string | undefined {
  const facts = crossFacts(groupKind, object, keep);
  return facts === object ? undefined : encodeFacts(JSON.stringify(facts));
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(d.name) ? [p] : [];
  });
}

function documents(text: string): any[] {
  try {
    return readGoYaml(text).map((d) => d.value).filter((v) => v !== undefined);
  } catch {
    return [];
  }
}

const ODD = `
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: odd}
spec:
  __proto__: {instancetype: {name: x}}
  instancetype: {name: small, __proto__: {kind: Cluster}}
  preference: [a, b]
  dataVolumeTemplates:
    - metadata: {name: t1, labels: {a: b}}
      spec: {source: {http: {url: u}}, storage: {accessModes: [ReadWriteOnce], storageClassName: null}, pvc: 3}
    - null
    - spec: {source: {pvc: {name: p, __proto__: {namespace: q}}}}
    - spec: {source: {}, sourceRef: {kind: DataSource, name: ds}}
  template:
    spec:
      evictionStrategy: LiveMigrate
      networks:
        - {name: a, multus: {}}
        - {name: b, multus: {networkName: n, default: true}}
        - {name: c, multus: x}
        - {name: d, multus: [1]}
        - {name: e, multus: null}
      accessCredentials: [{sshPublicKey: {__proto__: 1, source: {secret: {secretName: k}}}}]
      domain: {devices: {interfaces: {name: notalist}}}
      volumes:
        - {name: a, cloudInitNoCloud: {userData: secret}}
        - {name: b, cloudInitNoCloud: {secretRef: {name: s}}, cloudInitConfigDrive: {}}
        - {name: c, dataVolume: {name: d, hotpluggable: true}, persistentVolumeClaim: {claimName: c, readOnly: false}}
        - {name: 1.5, secret: {secretName: 7}, configMap: ~, sysprep: {secret: {name: x}}}
        - 42
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: dv
  labels: {instancetype.kubevirt.io/default-instancetype: u1.small, instancetype.kubevirt.io/default-preference: "q\\"b\\\\c\\td\\U0001F600", other: x}
spec: {source: {http: {url: u, __proto__: {x: 1}}}, storage: {accessModes: []}}
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: dv2, labels: {other: x}}
spec: [1, 2]
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {labels: {other: x}}
---
apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata: {name: p}
spec:
  desiredState:
    interfaces: [{name: br1, type: linux-bridge, state: up, bridge: {port: [{name: eth1}]}}, {}, null]
    ovn: {bridge-mappings: [{localnet: l, bridge: br-ex}]}
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: n}
spec: {config: '{"cniVersion":"0.3.1","type":"bridge","bridge":"br1"}'}
---
apiVersion: example.com/v1
kind: Unknown
metadata: {name: u}
spec: {a: 1}
`;

/** Small seeded generator (the same inputs on every run). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

/** A value shaped like `shape` (keys present or not, of the expected type or not, `__proto__` keys), `depth` deep at most. */
function shaped(shape: any, rnd: () => number, depth: number): any {
  const odd = rnd();
  if (odd < 0.08) return [null, 0, -0, 1.5, '', 'a"b', true, [], {}][Math.floor(rnd() * 9)];
  if (shape === true) return depth > 0 && rnd() < 0.3 ? { x: shaped(true, rnd, depth - 1), ...(rnd() < 0.2 ? JSON.parse('{"__proto__":{"y":1}}') : {}) } : `v${Math.floor(rnd() * 100)}`;
  if (Array.isArray(shape)) return Array.from({ length: Math.floor(rnd() * 3) }, () => shaped(shape[0], rnd, depth));
  const out: Record<string, any> = rnd() < 0.1 ? JSON.parse('{"__proto__":{"spec":1}}') : {};
  for (const key of Object.keys(shape)) if (rnd() < 0.6) out[key] = shaped(shape[key], rnd, depth);
  if (rnd() < 0.3) out.extra = 'x';
  return out;
}

describe('factsText', () => {
  test('equals encodeFacts(JSON.stringify(crossFacts(...))) for 3,000 generated objects per kind', () => {
    const rnd = random(7);
    const differing: unknown[] = [];
    for (const [groupKind, shape] of Object.entries(CROSS_FACTS)) {
      for (let i = 0; i < 3000; i++) {
        const o = shaped(shape, rnd, 2);
        const text = factsText(groupKind, o);
        if (text !== expected(groupKind, o)) differing.push({ groupKind, text, expected: expected(groupKind, o) });
      }
    }
    expect(differing.slice(0, 3)).toEqual([]);
  });


  test('equals encodeFacts(JSON.stringify(crossFacts(...))) for the odd inputs, under every kind with facts', () => {
    const objects = documents(ODD);
    expect(objects.length).toBe(7);
    let compared = 0;
    for (const o of objects) {
      for (const groupKind of [`${groupOf(o.apiVersion)}/${o.kind}`, ...Object.keys(CROSS_FACTS), 'kubevirt.io/KubeVirt', 'example.com/Unknown']) {
        expect([groupKind, factsText(groupKind, o)]).toEqual([groupKind, expected(groupKind, o)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test('drops a __proto__ key, and an optional mapping that keeps nothing, as the projection does', () => {
    const [vm] = documents(ODD);
    const text = decodeFacts(factsText('kubevirt.io/VirtualMachine', vm)!);
    expect(text).not.toContain('__proto__');
    expect(JSON.parse(text).spec.template.spec.networks[0]).toEqual({ name: 'a' });
    expect(JSON.parse(text).spec.template.spec.networks[2]).toEqual({ name: 'c', multus: 'x' });
  });

  test('strings that JSON escapes', () => {
    for (const text of ['a"b', 'back\\slash', 'tab\t', '\u0000', '\u001f', '\ud800 alone', 'pair \ud83d\ude00', '\u2028', 'plain']) {
      const dv = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', spec: { storage: { storageClassName: text, accessModes: [text] }, sourceRef: { name: text } } };
      expect(factsText('cdi.kubevirt.io/DataVolume', dv as any)).toEqual(expected('cdi.kubevirt.io/DataVolume', dv));
    }
  });

  test('documents that are not mappings', () => {
    for (const o of [null, undefined, 3, 'text', [], [{ a: 1 }], true]) {
      expect(factsText('kubevirt.io/VirtualMachine', o as any)).toEqual(expected('kubevirt.io/VirtualMachine', o));
    }
  });

  test('equals encodeFacts(JSON.stringify(crossFacts(...))) for every fixture document', () => {
    const root = path.join(__dirname, '..', 'fixtures', 'validation');
    let compared = 0;
    for (const file of yamlFiles(root)) {
      for (const o of documents(fs.readFileSync(file, 'utf8'))) {
        if (o === null || typeof o !== 'object') continue;
        const groupKind = `${groupOf(o.apiVersion)}/${o.kind}`;
        expect([file, groupKind, factsText(groupKind, o)]).toEqual([file, groupKind, expected(groupKind, o)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
