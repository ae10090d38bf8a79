// The YAML inputs the fast path's tests compare on: the differential corpus, every YAML file of
// the repository, and the bench's generated objects written as bench/validate.js writes them.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { cases } = require('../fixtures/yaml-differential/corpus.js') as { cases: Array<{ name: string; text: string }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate } = require('../../bench/validate.js') as { generate: (n: number) => unknown[] };

export const root = path.resolve(__dirname, '..', '..');

/** Every .yaml/.yml file below `dir`, build output and dependencies left out. */
export function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'build', 'dist', '.git', '.jest-cache', 'cdk.out'].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out); else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** 400 bench objects, one YAML document each. */
export const benchDocs = (): string[] => generate(400).map((o) => YAML.stringify(o));
