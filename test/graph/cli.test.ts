// `cdk8s-kubevirt graph` on the synthesized seed lab: every format, --output, bad input.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { synthLab } from './lab';

async function run(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cdk8s-kubevirt graph', () => {
  let dir: string;
  beforeAll(() => { dir = synthLab(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints Mermaid by default, with the validator\'s findings marked', async () => {
    const r = await run(['graph', '.'], dir);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^flowchart LR\n/);
    expect(r.out).toContain('NetworkAttachmentDefinition<br/>vms/storage-vlan100');
    expect(r.out).toMatch(/classDef warning stroke:#ef8f00/);
    const quiet = await run(['graph', '.', '--no-findings'], dir);
    expect(quiet.out).not.toMatch(/classDef warning/);
  });

  test('--format dot|svg|html writes each format; --output writes a file', async () => {
    expect((await run(['graph', '.', '--format', 'dot'], dir)).out).toMatch(/^digraph topology \{/);
    expect((await run(['graph', '.', '--format', 'svg'], dir)).out).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const r = await run(['graph', '.', '--format', 'html', '--output', 'out/topology.html'], dir);
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const html = fs.readFileSync(path.join(dir, 'out', 'topology.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  test('usage errors and unusable input exit 2 naming the option or the file', async () => {
    const bad = await run(['graph', '.', '--format', 'png'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--format must be mermaid, dot, svg, html, not 'png'");
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: ConfigMap\nmetadata: [\n');
    try {
      const broken = await run(['graph', '.'], dir);
      expect(broken.code).toBe(2);
      expect(broken.err).toMatch(/^cdk8s-kubevirt graph: broken\.yaml:\d+:\d+: /);
      expect(broken.out).toBe('');
    } finally {
      fs.rmSync(path.join(dir, 'broken.yaml'));
    }
    expect((await run(['graph', 'nowhere'], dir)).err).toContain('nowhere');
  });
});
