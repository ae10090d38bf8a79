// The naming conventions of CONTRIBUTING.md ("API naming conventions") that a parser can check:
// addX() mutators chain, and public construct props take a cdk8s Duration instead of a number of
// seconds unless they mirror an upstream field of that name one to one.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', '..', 'lib');
const CONSTRUCT_FAMILIES = ['core', 'compute', 'storage', 'network', 'flavors', 'templates', 'platform', 'gitops'];

function sourceFiles(dir: string): ts.SourceFile[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('generated'))
    .map((f) => ts.createSourceFile(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true));
}

function isHidden(node: ts.Node, sf: ts.SourceFile): boolean {
  const mods = ts.getCombinedModifierFlags(node as ts.Declaration);
  if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  return /@internal/.test(sf.text.slice(node.getFullStart(), node.getStart(sf)));
}

/** `Class.addX: <declared return type>` of every public addX() method in lib/. */
function addMethods(): Map<string, string> {
  const out = new Map<string, string>();
  for (const sf of sourceFiles(LIB)) {
    sf.forEachChild(function visit(node) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const m of node.members) {
        if (!ts.isMethodDeclaration(m) || !/^add[A-Z]/.test(m.name.getText(sf)) || isHidden(m, sf)) continue;
        out.set(`${node.name.text}.${m.name.getText(sf)}`, m.type?.getText(sf) ?? '(inferred)');
      }
    });
  }
  return out;
}

/** Props members in the construct families whose name says they hold a time as a number. */
function numericTimeProps(): Array<{ member: string; deprecated: boolean }> {
  const out: Array<{ member: string; deprecated: boolean }> = [];
  for (const family of CONSTRUCT_FAMILIES) {
    for (const sf of sourceFiles(path.join(LIB, family))) {
      sf.forEachChild((node) => {
        if (!ts.isInterfaceDeclaration(node)) return;
        for (const m of node.members) {
          if (!ts.isPropertySignature(m) || !m.type || m.type.kind !== ts.SyntaxKind.NumberKeyword) continue;
          const name = m.name.getText(sf);
          if (!/(Seconds|Secs|Ms|Minutes|Hours)$/.test(name)) continue;
          const doc = sf.text.slice(m.getFullStart(), m.getStart(sf));
          out.push({ member: `${node.name.text}.${name}`, deprecated: /@deprecated/.test(doc) });
        }
      });
    }
  }
  return out;
}

describe('API conventions (CONTRIBUTING.md)', () => {
  test('addX() returns this (for chaining) or the object it creates, never void', () => {
    const methods = addMethods();
    expect(methods.size).toBeGreaterThan(40);
    // cdk8s's own ApiObject.addDependency returns void; ours keeps that signature.
    const voids = [...methods].filter(([name, type]) => (type === 'void' || type === '(inferred)') && name !== 'KubeVirtResource.addDependency');
    expect(voids).toEqual([]);
    expect(methods.get('VirtualMachineBase.addDisk')).toBe('this');
    expect(methods.get('VirtualMachineTemplate.addDisk')).toBe('this');
    expect(methods.get('NodeNetworkPolicy.addBond')).toBe('BondInterface');
  });

  test('times in construct props are Durations, except fields that mirror an upstream field one to one', () => {
    // Same name and unit as the upstream API field they are rendered into.
    const mirrors = ['PreferenceSpecProps.terminationGracePeriodSeconds', 'MigrationPolicyProps.maxDowntimeMs'];
    const found = numericTimeProps();
    expect(found.filter((p) => !p.deprecated && !mirrors.includes(p.member))).toEqual([]);
    expect(found).toContainEqual({ member: 'CdkSynthPluginProps.execTimeoutSeconds', deprecated: true });
  });
});
