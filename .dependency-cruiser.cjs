// Layering of cdk8s-kubevirt, checked in CI (`npm run lint:deps`). Data flows one way:
// constructs -> synth -> manifests -> validation -> apply. The kind registry and health specs
// are pure data every layer may read.
const CONSTRUCTS = '^lib/(core|compute|storage|network|flavors|templates|platform|gitops)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form no import cycle, type-only ones included: a type two modules share lives in a small module both import.',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'constructs-not-controller',
      severity: 'error',
      comment: 'Constructs never import the controller or the CLI.',
      from: { path: CONSTRUCTS },
      to: { path: '^lib/(controller|cli)/' },
    },
    {
      name: 'constructs-validation-public-entry-only',
      severity: 'error',
      comment: 'Constructs reach the validator only through lib/validation/local (validateLocal on their rendered object), never its internals.',
      from: { path: CONSTRUCTS },
      to: { path: '^lib/validation/', pathNot: '^lib/validation/local\\.ts$' },
    },
    {
      name: 'validation-not-constructs',
      severity: 'error',
      comment: 'The validator works on plain objects: it imports no construct family, controller or CLI.',
      from: { path: '^lib/validation/' },
      to: { path: `${CONSTRUCTS}|^lib/(controller|cli)/` },
    },
    {
      name: 'graph-reads-manifests-only',
      severity: 'error',
      comment: 'The topology works on plain objects and findings: it imports no construct family, controller or CLI.',
      from: { path: '^lib/graph/' },
      to: { path: `${CONSTRUCTS}|^lib/(controller|cli)/|^imports/` },
    },
    {
      name: 'kinds-and-health-are-pure-data',
      severity: 'error',
      comment: 'lib/kinds and lib/health import nothing from the families (only each other).',
      from: { path: '^lib/(kinds|health)/' },
      to: { path: '^lib/', pathNot: '^lib/(kinds|health)/' },
    },
    {
      name: 'kinds-and-health-no-cdk8s',
      severity: 'error',
      comment: 'lib/kinds and lib/health do not depend on cdk8s or constructs.',
      from: { path: '^lib/(kinds|health)/' },
      to: { path: 'node_modules/(cdk8s|cdk8s-plus-[0-9]+|constructs)/' },
    },
    {
      name: 'importer-writes-code-not-constructs',
      severity: 'error',
      comment: 'The importer works on plain objects and writes construct code; only evaluate.ts runs that code, through the package index (the public API the code names). Of the controller it uses the read-only client type.',
      from: { path: '^lib/import/' },
      to: { path: `${CONSTRUCTS}|^lib/(cli|validation)/|^imports/|^lib/controller/(?!kube-client\\.ts$)` },
    },
    {
      name: 'importer-runs-code-in-one-place',
      severity: 'error',
      comment: 'Only lib/import/evaluate.ts loads the package index to run the code the importer writes.',
      from: { path: '^lib/import/', pathNot: '^lib/import/evaluate\\.ts$' },
      to: { path: '^lib/index\\.ts$' },
    },
    {
      name: 'generated-imports-only-from-constructs',
      severity: 'error',
      comment: 'The generated L1 classes are construct material: the validator and the controller do not use them.',
      from: { path: '^lib/(validation|controller|kinds|health|manifests)/' },
      to: { path: '^imports/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
