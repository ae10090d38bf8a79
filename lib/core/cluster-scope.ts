import { ApiObject } from 'cdk8s';

const dropped = new WeakSet<ApiObject>();

/**
 * Synthesizes `obj` without `metadata.namespace`: cdk8s gives every object of a namespaced chart
 * the chart's namespace, cluster-scoped ones (ClusterRoles, Namespaces...) too. Idempotent, unlike
 * a JSON patch removal, so a construct and the app may both ask for it.
 */
export function dropNamespace(obj: ApiObject): void {
  if (dropped.has(obj)) return;
  dropped.add(obj);
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => {
    const json = toJson();
    if (json?.metadata) delete json.metadata.namespace;
    return json;
  };
}
