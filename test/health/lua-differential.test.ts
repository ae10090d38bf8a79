// Runs every generated Argo CD health script under Debian's lua5.1 (the language gopher-lua
// implements) over the shared health fixtures: the Lua verdict must equal the interpreter's.
// The scripts run in an environment holding only what Argo CD opens for health checks (base
// functions, table, a safe os), so a script using string.* or math.* fails here too.
import { execFileSync } from 'child_process';
import { KINDS, kindOf } from '../../lib/kinds';
import { GENERIC_HEALTH, argoCdHealthCustomizations, argoCdHealthKinds, evaluateHealth, healthLuaScript, HealthSpec } from '../../lib/health';
import { luaString } from '../../lib/health/lua';
import { HEALTH_FIXTURES } from '../fixtures/health';

/** A JSON value as a Lua table constructor (nulls dropped, as Argo CD's conversion drops them to nil). */
function luaValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return luaString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(luaValue).join(', ')}}`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined);
  return `{${entries.map(([k, x]) => `[${luaString(k)}] = ${luaValue(x)}`).join(', ')}}`;
}

const SANDBOX = `{
  type = type, tostring = tostring, tonumber = tonumber, ipairs = ipairs, pairs = pairs, next = next,
  select = select, error = error, pcall = pcall, unpack = unpack, assert = assert, rawget = rawget, rawset = rawset,
  setmetatable = setmetatable, getmetatable = getmetatable, table = table,
  os = { time = os.time, date = os.date, clock = os.clock, difftime = os.difftime },
}`;

/** Verdicts of one script over many objects, from one lua5.1 process. */
function runLua(script: string, objects: readonly unknown[]): Array<{ status: string; message: string }> {
  const program = [
    `local source = ${luaString(script)}`,
    'local results = {}',
    `local objects = {${objects.map(luaValue).join(',\n')}}`,
    `for i = 1, ${objects.length} do`,
    '  local check = assert(loadstring(source))',
    `  local env = ${SANDBOX}`,
    '  env.obj = objects[i]',
    '  setfenv(check, env)',
    '  local ok, hs = pcall(check)',
    '  if not ok then io.write("ERROR ", tostring(hs), "\\n") os.exit(3) end',
    '  local status, message = tostring(hs.status), tostring(hs.message)',
    '  io.write(#status, ":", status, #message, ":", message)',
    'end',
  ].join('\n');
  let out: string;
  try {
    out = execFileSync('lua5.1', ['-'], { input: program, encoding: 'latin1' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error("lua5.1 not found: install Debian's lua5.1 (.ci/run does)");
    throw new Error(`lua5.1 failed: ${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`);
  }
  // Length-prefixed fields (byte lengths), decoded back from latin1 to UTF-8.
  const results: Array<{ status: string; message: string }> = [];
  let at = 0;
  const field = () => {
    const colon = out.indexOf(':', at);
    const length = Number(out.slice(at, colon));
    const text = out.slice(colon + 1, colon + 1 + length);
    at = colon + 1 + length;
    return Buffer.from(text, 'latin1').toString('utf8');
  };
  while (at < out.length) results.push({ status: field(), message: field() });
  return results;
}

describe('Argo CD health scripts under lua5.1', () => {
  const kinds = argoCdHealthKinds();
  const covered = new Set<string>();

  test.each(kinds.map((k) => [`${k.group}/${k.kind}`, k.health!] as const))('%s: Lua verdict = interpreter verdict on every fixture of the kind', (_key, spec: HealthSpec) => {
    const fixtures = HEALTH_FIXTURES.filter((f) => kindOf(f.object.apiVersion, f.object.kind)?.health === spec);
    const script = healthLuaScript(spec);
    const lua = runLua(script, fixtures.map((f) => f.object));
    expect(lua).toHaveLength(fixtures.length);
    fixtures.forEach((f, i) => {
      // Argo CD hands the script the object alone (no related objects such as NNCP enactments).
      const expected = evaluateHealth(spec, f.object);
      expect({ fixture: f.name, status: lua[i].status, message: lua[i].message }).toEqual({ fixture: f.name, status: expected.status, message: expected.message });
      covered.add(f.name);
    });
  });

  test('the scripts that hold a wave never do so for an intended steady state', () => {
    const steady = HEALTH_FIXTURES.filter((f) => f.settled && kinds.some((k) => kindOf(f.object.apiVersion, f.object.kind) === k));
    expect(steady.map((f) => f.name)).toEqual(expect.arrayContaining(['VM Halted and stopped', 'NNCP matching no node', 'NAD exists', 'OpenShift Template exists', 'DV WaitForFirstConsumer']));
    for (const f of steady) {
      const [verdict] = runLua(healthLuaScript(kindOf(f.object.apiVersion, f.object.kind)!.health!), [f.object]);
      expect({ fixture: f.name, status: verdict.status }).toEqual({ fixture: f.name, status: 'Healthy' });
    }
  });

  test('every spec, Kubernetes kinds and kstatus generic included, agrees with the interpreter on every fixture of any kind', () => {
    const objects = HEALTH_FIXTURES.map((f) => f.object);
    const specs = new Set<HealthSpec>([GENERIC_HEALTH, ...KINDS.map((k) => k.health).filter((h): h is HealthSpec => h !== undefined)]);
    expect(specs.size).toBeGreaterThan(20);
    for (const spec of specs) {
      const lua = runLua(healthLuaScript(spec), objects);
      objects.forEach((o, i) => {
        const expected = evaluateHealth(spec, o);
        expect({ spec: spec.name, fixture: HEALTH_FIXTURES[i].name, ...lua[i] }).toEqual({ spec: spec.name, fixture: HEALTH_FIXTURES[i].name, status: expected.status, message: expected.message });
      });
    }
  });

  test('the argocd-cm map names each kind as Argo CD expects and covers the KubeVirt kinds', () => {
    const map = argoCdHealthCustomizations();
    for (const key of ['kubevirt.io_VirtualMachine', 'kubevirt.io_VirtualMachineInstance', 'cdi.kubevirt.io_DataVolume', 'cdi.kubevirt.io_DataImportCron',
      'nmstate.io_NodeNetworkConfigurationPolicy', 'hco.kubevirt.io_HyperConverged', 'k8s.cni.cncf.io_NetworkAttachmentDefinition', 'template.openshift.io_Template']) {
      expect(map[`resource.customizations.health.${key}`]).toMatch(/^-- .*\n[\s\S]*hs = \{\}[\s\S]*return hs\n$/);
    }
    expect(Object.keys(map).every((k) => !k.includes('apps_') && !k.endsWith('.PersistentVolumeClaim'))).toBe(true);
  });

  afterAll(() => {
    // Every fixture of a kind with a script was compared (guards against a filter that matches nothing).
    const withScripts = HEALTH_FIXTURES.filter((f) => kinds.some((k) => kindOf(f.object.apiVersion, f.object.kind) === k));
    expect(withScripts.length).toBeGreaterThan(30);
    expect(withScripts.every((f) => covered.has(f.name))).toBe(true);
  });
});
