// The README's `graph` commands, run as written against a synthesized dist/.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { synthLab } from './lab';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function graphCommands(): string[][] {
  const section = /\n## Draw the estate\n([\s\S]*?)\n## /.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Draw the estate" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block.split('\n').filter((l) => l.startsWith('npx cdk8s-kubevirt ')).map((l) => l.replace(/#.*$/, '').trim().split(/\s+/).slice(2));
}

test('the README graph commands run on a synthesized dist/ and write what they say', async () => {
  const project = synthLab();
  fs.renameSync(project, `${project}-x`);
  fs.mkdirSync(project);
  fs.renameSync(`${project}-x`, path.join(project, 'dist'));
  try {
    const commands = graphCommands();
    expect(commands.length).toBe(3);
    for (const args of commands) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: project });
      expect({ args, code, err }).toEqual({ args, code: 0, err: [] });
      const output = args.indexOf('--output');
      const text = output < 0 ? out.join('\n') : fs.readFileSync(path.join(project, args[output + 1]), 'utf8');
      const format = args[args.indexOf('--format') + 1];
      expect(text).toMatch(args.includes('--format') ? { html: /^<!DOCTYPE html>/, dot: /^digraph topology/ }[format as 'html' | 'dot'] : /^flowchart LR/);
      expect(text).toContain('br1-public');
    }
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
