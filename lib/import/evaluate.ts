// What the written code renders comes from running it: the statements of the chart files
// (`new kv.X(this, ...)`, `x.addDisk(...)`) run here against the package's own constructs, so the
// importer holds no second copy of any construct's rendering. The escape hatch is the difference
// between that rendering and the input.
import type { KubeObject } from '../manifests';
import type { IConstruct } from 'constructs';
import type { ChartPlan } from './model';

/** The names the generated files import: the package as `kv`, and the cdk8s classes they use. */
interface Runtime {
  readonly cdk8s: typeof import('cdk8s');
  readonly kv: Record<string, unknown>;
  readonly plus: Record<string, unknown>;
}

let runtime: Runtime | undefined;

/** The package and cdk8s, loaded on first use (the importer's parsing needs neither). */
function loadRuntime(): Runtime {
  // Loaded lazily: the package index pulls in every construct family, which only evaluation needs.
  runtime ??= { cdk8s: require('cdk8s'), kv: require('../index'), plus: require('cdk8s-plus-27') };
  return runtime;
}

/** A statement as the chart file writes it: `const x = expr;` becomes a variable of the chart's scope. */
function toJs(statement: string): string {
  const m = /^const (\w+) = ([\s\S]*);$/.exec(statement);
  return m ? `__env.${m[1]} = ${m[2]};` : statement;
}

/** Runs written statements in one App: a real chart per planned chart, scratch charts for trial writings. */
export class CodeEvaluator {
  private readonly rt = loadRuntime();
  private readonly app = new this.rt.cdk8s.App();
  private readonly charts = new Map<ChartPlan, { chart: InstanceType<Runtime['cdk8s']['Chart']>; env: Record<string, unknown>; chartVar: string }>();
  private scratchCount = 0;

  /** The chart's variables; other charts' are reachable by their chart variable (`cluster.br1`). */
  private chartOf(plan: ChartPlan, chartVar: string) {
    let c = this.charts.get(plan);
    if (!c) {
      const { cdk8s, kv, plus } = this.rt;
      const env: Record<string, unknown> = {
        kv, plus, ApiObject: cdk8s.ApiObject, JsonPatch: cdk8s.JsonPatch, Size: cdk8s.Size, Duration: cdk8s.Duration,
      };
      for (const other of this.charts.values()) env[other.chartVar] = other.env;
      c = { chart: new cdk8s.Chart(this.app, plan.chartId, plan.namespace ? { namespace: plan.namespace } : {}), env, chartVar };
      this.charts.set(plan, c);
    }
    return c;
  }

  /**
   * Runs `statements` (the object's creation first, assigned to `varName`) in the chart and
   * returns the object rendered. Throws what the constructs throw.
   */
  public run(plan: ChartPlan, chartVar: string, varName: string, statements: readonly string[]): KubeObject {
    const { chart, env } = this.chartOf(plan, chartVar);
    return this.execute(chart, env, varName, statements);
  }

  /** Like `run`, in a throwaway chart of the same namespace: a trial writing that leaves no trace in the chart. */
  public trial(plan: ChartPlan, chartVar: string, varName: string, statements: readonly string[]): KubeObject {
    const { env } = this.chartOf(plan, chartVar);
    const scratch = new this.rt.cdk8s.Chart(this.app, `trial-${++this.scratchCount}`, plan.namespace ? { namespace: plan.namespace } : {});
    return this.execute(scratch, Object.create(env), varName, statements);
  }

  /** Removes what a refused writing left in the chart, so the object can be written again under its id. */
  public remove(plan: ChartPlan, constructId: string): void {
    this.charts.get(plan)?.chart.node.tryRemoveChild(constructId);
  }

  private execute(chart: object, env: Record<string, unknown>, varName: string, statements: readonly string[]): KubeObject {
    const [create, ...after] = statements;
    const body = [`__env.${varName} = ${create};`, ...after.map(toJs)].join('\n');
    // `with` resolves the generated code's free names (kv, Size, other constructs) in the chart's scope.
    new Function('__env', `with (__env) {\n${body}\n}`).call(chart, env);
    return this.rt.cdk8s.ApiObject.of(env[varName] as IConstruct).toJson() as KubeObject;
  }

  /**
   * Runs `statements` (the escape hatch) on the object, then the checks a synth runs on it
   * (construct checks, the validator's single-object rules): their errors, empty when it passes.
   */
  public check(plan: ChartPlan, chartVar: string, varName: string, statements: readonly string[]): string[] {
    const { chart, env } = this.chartOf(plan, chartVar);
    if (statements.length > 0) {
      new Function('__env', `with (__env) {\n${statements.map(toJs).join('\n')}\n}`).call(chart, env);
    }
    const construct = env[varName] as IConstruct;
    // Warnings are the user's synth's to print, not the import's.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      return construct.node.findAll().flatMap((c) => c.node.validate());
    } finally {
      console.warn = warn;
    }
  }
}
