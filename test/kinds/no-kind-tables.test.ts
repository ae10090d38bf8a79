// "One registry entry per kind, read by every layer": outside lib/kinds, no object or array literal
// lists three or more registered kinds (a per-kind table of plurals, scopes, stages, groups...).
// The few lists that remain say what a rule or the importer does with those kinds, not a fact
// about the kinds; each is named here with why.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { KINDS } from '../../lib/kinds';

const LIB = path.join(__dirname, '..', '..', 'lib');
const KIND_NAMES = new Set(KINDS.map((k) => k.kind));

const ALLOWED: Record<string, string> = {
  'import/plan-charts.ts:KIND_ORDER': 'the order the importer writes constructs in a chart (readability of generated code)',
  'validation/cross-facts.ts:CONTEXT_KINDS': 'the kinds whose objects per-object rules look up (the validator\'s streaming contract)',
  'validation/cross-facts.ts:CONTEXT_KIND_MARKERS': 'text markers of those context kinds in a raw file',
  'validation/cross-facts.ts:CROSS_FACTS': 'the fields of each kind the cross-object rules read (the validator\'s compact facts)',
  'import/flavors.ts:FLAVOR_CONSTRUCTS': 'the construct class the importer writes for each flavor kind',
  'validation/rules/platform.ts:vmExportSourceValid': 'the source kinds KubeVirt\'s export webhook accepts (the rule\'s allowed values)',
  'policy/cel/platform.ts:PLATFORM_CEL': 'the same allowed export sources in the rule\'s CEL translation',
};

/** `file:NAME` (or `file:line`) of every literal holding three or more registered kind names. */
function kindTables(root = LIB): string[] {
  const found: string[] = [];
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('kinds/') && !f.startsWith(`kinds${path.sep}`) && !f.includes('generated'));
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const kindOfText = (text: string) => KIND_NAMES.has(text.slice(text.lastIndexOf('/') + 1));
    const visit = (node: ts.Node): void => {
      let names: string[] = [];
      if (ts.isObjectLiteralExpression(node)) {
        names = node.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ''));
      } else if (ts.isArrayLiteralExpression(node)) {
        names = node.elements.map((e) => (ts.isStringLiteral(e) ? e.text : ''));
      }
      if (names.filter(kindOfText).length >= 3) {
        let owner: ts.Node | undefined = node.parent;
        while (owner && !ts.isVariableDeclaration(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
        const name = owner && ts.isVariableDeclaration(owner) ? owner.name.getText(sf) : `${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        found.push(`${file.split(path.sep).join('/')}:${name}`);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return [...new Set(found)].sort();
}

describe('kind facts live in the registry', () => {
  test('no per-kind table outside lib/kinds beyond the named exceptions', () => {
    expect(kindTables().filter((t) => !(t in ALLOWED))).toEqual([]);
  });

  test('the scan finds a table (it can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kind-table-probe-'));
    try {
      fs.writeFileSync(path.join(dir, 'probe.ts'), "export const PLURALS = { DataVolume: 'datavolumes', DataSource: 'datasources', Secret: 'secrets' };\n");
      expect(kindTables(dir)).toEqual(['probe.ts:PLURALS']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
