/**
 * Label naming the chart an object was synthesized from (`GitOpsApp` writes it on every object).
 * `cdk8s-kubevirt apply`, `diff` and `controller` name a folder's ApplySet after it, so the set
 * follows the chart, not the folder: a moved or renamed folder keeps its objects. Pin it with
 * the chart's `labels` to keep the set when the chart itself is renamed.
 */
export const CHART_LABEL = 'cdk8s-kubevirt.io/chart';
