// The README's example must stay true: it is extracted, compiled and synthesized here.
import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function firstTypeScriptBlock(): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ```ts block');
  return match[1];
}

/** Runs the README example with `cdk8s-kubevirt` bound to this checkout; returns its App. */
function runExample(code: string): cdk8s.App {
  let app: cdk8s.App | undefined;
  const body = code.replace('app.synth();', 'capture(app);');
  const js = ts.transpileModule(body, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const modules: Record<string, unknown> = { 'cdk8s': cdk8s, 'cdk8s-kubevirt': kv };
  const fakeRequire = (name: string) => {
    if (!(name in modules)) throw new Error(`README example imports unexpected module ${name}`);
    return modules[name];
  };
  new Function('require', 'exports', 'capture', js)(fakeRequire, {}, (a: cdk8s.App) => { app = a; });
  if (!app) throw new Error('README example did not reach app.synth()');
  return app;
}

describe('README example', () => {
  test('synthesizes the bond, bridge, NAD, DataVolume and VM, all schema-valid and ordered', () => {
    const app = runExample(firstTypeScriptBlock());
    const objects = app.charts.flatMap((c) => cdk8s.Testing.synth(c));
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'DataVolume', 'NetworkAttachmentDefinition', 'NodeNetworkConfigurationPolicy', 'VirtualMachine',
    ]);
    expectSchemaValid(objects);
    const vm = objects.find((o) => o.kind === 'VirtualMachine');
    expect(vm.spec.template.spec.domain.memory.guest).toBe('2Gi');
    expect(vm.metadata.annotations['cdk8s-kubevirt.io/depends-on']).toContain('NetworkAttachmentDefinition');
  });

  test('the error it quotes is the one synth gives', () => {
    const code = firstTypeScriptBlock().replace('kv.Interface.bridge(net)', 'kv.Interface.of({ binding: kv.InterfaceBinding.MASQUERADE, network: kv.VmNetwork.multus(net) })');
    const quoted = /`(\[lab\/rhel\][^`]*)`/.exec(readme)![1].replace(/\s*\n\s*/g, ' ');
    expect(() => runExample(code).synth()).toThrow(quoted);
  });
});
