// Generates API.md from the TSDoc of the public API (the names lib/index.ts exports), with the
// TypeScript compiler API: one section per family, every class, interface, enum, function and
// constant with its documentation, members, types and @default values.
// `node scripts/api-docs.js` writes API.md; `--check` exits 1 when API.md is not current.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const INDEX = path.join(ROOT, 'lib', 'index.ts');

/** The family headings, as lib/index.ts groups its exports (`// family: description`). */
function families() {
  const text = fs.readFileSync(INDEX, 'utf8');
  return [...text.matchAll(/^\/\/ ([\w-]+(?: [\w-]+)*): (.+)$/gm)].map((m) => ({ key: m[1], title: m[2] }));
}

function docText(symbol, checker) {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s*\n\s*/g, ' ').trim();
}

function tagText(symbol, name, checker) {
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === name);
  return tag ? ts.displayPartsToString(tag.text ?? []).replace(/\s*\n\s*/g, ' ').trim() : undefined;
}

/** Types named by file path (`import("/abs/path").Node`) read as their bare name: no machine paths. */
const bare = (s) => s.replace(/import\("[^"]*"\)\./g, '');
const code = (s) => `\`${bare(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
const cell = (s) => (s ?? '').replace(/\|/g, '\\|');

/** Declared in this package (inherited cdk8s/constructs members are documented there). */
function isOwn(decl) {
  const file = path.relative(ROOT, decl.getSourceFile().fileName);
  return file.startsWith(`lib${path.sep}`) || file.startsWith(`imports${path.sep}`);
}

function isPublic(decl) {
  const flags = ts.getCombinedModifierFlags(decl);
  return !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !(decl.name && /^[_#]/.test(decl.name.getText?.() ?? ''));
}

function signatureText(checker, sig) {
  return checker.signatureToString(sig, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrowStyleSignature);
}

function membersTable(checker, symbol, node) {
  const rows = [];
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl || !isPublic(decl) || !isOwn(decl)) continue;
    const propType = checker.getTypeOfSymbolAtLocation(prop, node);
    const calls = propType.getCallSignatures();
    const isMethod = ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl);
    const typeText = isMethod && calls.length > 0
      ? calls.map((s) => signatureText(checker, s)).join('; ')
      : checker.typeToString(propType, node, ts.TypeFormatFlags.NoTruncation);
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    const def = tagText(prop, 'default', checker);
    const defText = def?.replace(/^-\s*/, '').replace(/\.$/, '');
    rows.push(`| ${code(prop.name + (optional ? '?' : '') + (isMethod ? '()' : ''))} | ${code(typeText)} | ${cell(docText(prop, checker))}${defText ? ` Default: ${cell(defText)}.` : ''} |`);
  }
  return rows.length === 0 ? [] : ['| member | type | description |', '| --- | --- | --- |', ...rows.sort()];
}

function staticsTable(checker, symbol, node) {
  const rows = [];
  const staticType = checker.getTypeOfSymbolAtLocation(symbol, node);
  for (const prop of checker.getPropertiesOfType(staticType)) {
    if (prop.name === 'prototype') continue;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl || !isPublic(decl) || !isOwn(decl)) continue;
    const propType = checker.getTypeOfSymbolAtLocation(prop, node);
    const calls = propType.getCallSignatures();
    const typeText = calls.length > 0 && ts.isMethodDeclaration(decl)
      ? calls.map((s) => signatureText(checker, s)).join('; ')
      : checker.typeToString(propType, node, ts.TypeFormatFlags.NoTruncation);
    rows.push(`| ${code(`${symbol.name}.${prop.name}${ts.isMethodDeclaration(decl) ? '()' : ''}`)} | ${code(typeText)} | ${cell(docText(prop, checker))} |`);
  }
  return rows.length === 0 ? [] : ['| static | type | description |', '| --- | --- | --- |', ...rows.sort()];
}

function render() {
  const program = ts.createProgram([INDEX], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const byFamily = new Map();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const family = path.relative(path.join(ROOT, 'lib'), decl.getSourceFile().fileName).split(path.sep)[0];
    if (!byFamily.has(family)) byFamily.set(family, []);
    byFamily.get(family).push({ name: exported.name, symbol, decl });
  }

  const out = [
    '# API reference',
    '',
    '<!-- Generated from the TSDoc by `npm run docs` (scripts/api-docs.js); `npm test` fails when it is stale. Do not edit. -->',
    '',
    '`import * as kv from \'cdk8s-kubevirt\'`. The names are those of lib/index.ts (listed in the README\'s API section).',
    '',
  ];
  const headings = families();
  const order = headings.map((h) => h.key.split(' ')[0]);
  const familyKeys = [...byFamily.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  for (const family of familyKeys) {
    const heading = headings.find((h) => h.key.split(' ')[0] === family);
    out.push(`## ${family}${heading ? `: ${heading.title}` : ''}`, '');
    for (const { name, symbol, decl } of byFamily.get(family).sort((a, b) => a.name.localeCompare(b.name))) {
      const doc = docText(symbol, checker);
      let kind;
      let body = [];
      if (ts.isClassDeclaration(decl)) {
        kind = 'class';
        const ctor = checker.getTypeOfSymbolAtLocation(symbol, decl).getConstructSignatures()[0];
        const isAbstract = (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract) !== 0;
        const ctorDecl = ctor?.getDeclaration();
        if (ctor && !isAbstract && ctorDecl && isPublic(ctorDecl)) body.push(`\`new ${name}${bare(signatureText(checker, ctor)).replace(/ => .*$/, '')}\``, '');
        body.push(...staticsTable(checker, symbol, decl));
        if (body.length > 0 && body[body.length - 1] !== '') body.push('');
        body.push(...membersTable(checker, symbol, decl));
      } else if (ts.isInterfaceDeclaration(decl)) {
        kind = 'interface';
        body = membersTable(checker, symbol, decl);
      } else if (ts.isEnumDeclaration(decl)) {
        kind = 'enum';
        body = decl.members.map((m) => {
          const member = checker.getSymbolAtLocation(m.name);
          const value = checker.getConstantValue(m);
          return `- ${code(`${name}.${m.name.getText()}`)}${value !== undefined ? ` = ${code(JSON.stringify(value))}` : ''}${member && docText(member, checker) ? `: ${docText(member, checker)}` : ''}`;
        });
      } else if (ts.isFunctionDeclaration(decl)) {
        kind = 'function';
        body = checker.getTypeOfSymbolAtLocation(symbol, decl).getCallSignatures().map((s) => `\`${name}${bare(signatureText(checker, s))}\``);
      } else if (ts.isTypeAliasDeclaration(decl)) {
        kind = 'type';
        body = [`\`type ${name} = ${bare(checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), decl, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias))}\``];
      } else {
        kind = 'const';
        body = [`\`${name}: ${bare(checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), decl, ts.TypeFormatFlags.NoTruncation))}\``];
      }
      const heritage = (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) && decl.heritageClauses
        ? decl.heritageClauses.map((h) => h.getText().replace(/\s+/g, ' ')).join(' ') : '';
      out.push(`### ${name} (${kind})`, '');
      if (heritage) out.push(`\`${heritage}\``, '');
      if (doc) out.push(doc, '');
      if (body.length > 0) out.push(...body, '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

module.exports = { render };

if (require.main === module) {
  const file = path.join(ROOT, 'API.md');
  const text = render();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('API.md is stale: run `npm run docs` and commit it\n');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(file, text);
  }
}
