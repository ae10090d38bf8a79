// The topology in a real browser (Debian's chromium, driven by playwright-core; never a
// downloaded browser): the Mermaid text parsed back by Mermaid's own parser, and the HTML
// page rendered, clicked, zoomed and photographed (test-artifacts/graph/, git-ignored).
/// <reference lib="dom" />
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { renderHtml, renderMermaid, TopologyGraph } from '../../lib/graph';
import { key, labGraph, synthLab } from './lab';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'graph');
const flag = (v: string | undefined) => !!v && v !== 'false' && v !== '0';
const inCi = flag(process.env.CI) || flag(process.env.REQUIRE_CHROMIUM);
const available = fs.existsSync(CHROMIUM);
if (!available && inCi) {
  throw new Error(`browser tests: no chromium at ${CHROMIUM}; .ci/run installs Debian's chromium package (apt-get install chromium), or set CHROMIUM_PATH`);
}
if (!available) console.warn(`browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH); in CI they fail instead`);
const describeBrowser = available ? describe : describe.skip;

jest.setTimeout(60_000);

describeBrowser('topology in headless Chromium', () => {
  let dir: string;
  let graph: TopologyGraph;
  let objects: ReturnType<typeof labGraph>['objects'];
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = synthLab();
    ({ graph, objects } = labGraph(dir));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Mermaid parses the text back into the same nodes, links, subgraph and classes', async () => {
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const text = renderMermaid(graph);
    const parsed = await page.evaluate(async (source) => {
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict' });
      await m.parse(source);
      const diagram = await m.mermaidAPI.getDiagramFromText(source);
      const db = diagram.db;
      return {
        type: diagram.type,
        vertices: [...db.getVertices().values()].map((v: any) => ({ id: v.id, text: v.text, classes: v.classes })),
        edges: db.getEdges().map((e: any) => ({ start: e.start, end: e.end, text: e.text })) as Array<{ start: string; end: string; text: string }>,
        subgraphs: db.getSubGraphs().map((s: any) => ({ title: s.title, nodes: s.nodes })) as Array<{ title: string; nodes: string[] }>,
      };
    }, text);
    expect(parsed.type).toMatch(/flowchart/);
    const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`] as const));
    expect(parsed.vertices.map((v) => v.id).sort()).toEqual([...ids.values()].sort());
    expect(parsed.edges.map((e) => `${e.start}>${e.end}`)).toEqual(graph.edges.map((e) => `${ids.get(e.from)}>${ids.get(e.to)}`));
    const nad = parsed.vertices.find((v) => v.id === ids.get(key('NetworkAttachmentDefinition', 'vms', 'storage-vlan100')))!;
    expect(nad.classes).toEqual(expect.arrayContaining(['network', 'warning']));
    expect(nad.text).toContain('VLAN 100');
    const workers = parsed.subgraphs.find((s) => s.title === 'nodes: node-role.kubernetes.io/worker')!;
    expect(workers.nodes).toEqual(expect.arrayContaining(graph.nodes.filter((n) => n.kind === 'Interface').map((n) => ids.get(n.id))));
  });

  test('the HTML page: every object a node, the chain of links, the finding highlighted, a click shows YAML', async () => {
    requests.length = 0;
    const file = path.join(dir, 'topology.html');
    fs.writeFileSync(file, renderHtml(graph, { title: 'seed lab' }));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="true"]');

    const drawn = await page.$$eval('g.node[data-object="true"]', (gs) => gs.map((g) => g.getAttribute('data-key')));
    expect(drawn.sort()).toEqual(objects.map((o) => key(o.kind, o.namespace, o.name)).sort());

    const idOf = async (k: string) => page.$eval(`g.node[data-key="${k}"]`, (g) => g.getAttribute('data-id'));
    const chain = [
      key('NodeNetworkConfigurationPolicy', undefined, 'worker-bond1-br1'), key('NetworkAttachmentDefinition', 'vms', 'br1-public'),
      key('VirtualMachine', 'vms', 'rhel'), key('DataVolume', 'vms', 'rhel-rootdisk'),
    ];
    for (let i = 0; i + 1 < chain.length; i++) {
      const [from, to] = [await idOf(chain[i]), await idOf(chain[i + 1])];
      expect(await page.locator(`g.edge[data-from="${from}"][data-to="${to}"]`).count()).toBe(1);
    }

    const dangling = key('NetworkAttachmentDefinition', 'vms', 'storage-vlan100');
    const nad = page.locator(`g.node[data-key="${dangling}"]`);
    expect(await nad.getAttribute('class')).toContain('sev-warning');
    expect(await nad.locator('rect').evaluate((r) => getComputedStyle(r).stroke)).toBe('rgb(239, 143, 0)');
    const danglingEdge = page.locator(`g.edge-dangling[data-to="${await idOf(dangling)}"] path`);
    expect(await danglingEdge.evaluate((p) => getComputedStyle(p).stroke)).toBe('rgb(239, 143, 0)');
    // Nothing else is flagged in the colour of an error: the lab itself is clean of errors.
    expect(await page.locator('g.node.sev-error').count()).toBe(0);

    await nad.click();
    const panel = page.locator('#panel');
    await expect(panel.locator('h3').textContent()).resolves.toBe('NetworkAttachmentDefinition vms/storage-vlan100');
    expect(await panel.locator('pre.yaml').textContent()).toContain('kind: NetworkAttachmentDefinition');
    expect(await panel.locator('.finding.warning').first().textContent()).toContain('[xo-nad-bridge-has-nncp]');
    expect(await nad.getAttribute('class')).toContain('selected');

    // Pan and zoom: the wheel scales around the pointer, a drag moves the picture.
    const before = await page.evaluate(() => (window as any).topology.state());
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -400);
    const zoomed = await page.evaluate(() => (window as any).topology.state());
    expect(zoomed.scale).toBeGreaterThan(before.scale);
    await page.mouse.down(); await page.mouse.move(600, 450, { steps: 5 }); await page.mouse.up();
    const panned = await page.evaluate(() => (window as any).topology.state());
    expect(panned.tx - zoomed.tx).toBeCloseTo(100, 0);

    await page.evaluate(() => (window as any).topology.fit());
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'seed-lab.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'seed-lab.png')).size).toBeGreaterThan(10_000);
    // A self-contained page: nothing but the file itself was requested.
    expect(requests).toEqual([`file://${file}`]);
  });
});
