// validateObjectMeta runs for every object: it walks metadata, labels and annotations with for-in,
// finds a key's '/' with indexOf and makes the object reference and a path only for a finding.
// These inputs pin its findings (paths, messages, severities, the reference) where that matters:
// keys with no, one, two or more slashes, empty prefix or name, a `__proto__` key, non-string and
// null values, non-map labels, generateName, cluster-scoped and label-named kinds, finalizers.
import { validateObjectMeta } from '../../lib/validation/schema/object-meta';

const INPUTS: any[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: JSON.parse('{"name":"ok","namespace":"ns","__proto__":{"x":1},"labels":{"a/b/c":"v","/x":"v","Bad_Prefix!/x":"v","":"v","ok.io/name":"' + 'x'.repeat(64) + '","n":null,"num":3,"bool":true,"good":"v-1"},"annotations":{"a//b":"x","k":5}}') },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Gen-', namespace: 'Bad_NS', uid: 'u', zzz: 1, finalizers: ['ok.io/f', 'bad/f/x', 3, '/x'], annotations: { big: 'x'.repeat(300 * 1024) } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 5, labels: [], annotations: 'x', finalizers: 'f' } },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x'.repeat(300), labels: { ['p'.repeat(254) + '/n']: 'v', ['q/' + 'n'.repeat(64)]: 'v' } } },
];

const EXPECTED: string[][] = [
  [
    'error metadata.__proto__: unknown field "metadata.__proto__" {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["a/b/c"]: key \'a/b/c\' is not a valid qualified name: a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["/x"]: key \'/x\' is not a valid qualified name: prefix part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["Bad_Prefix!/x"]: key \'Bad_Prefix!/x\' is not a valid qualified name: prefix part \'Bad_Prefix!\' must be a lowercase RFC 1123 subdomain {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels[""]: key \'\' is not a valid qualified name: name part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["ok.io/name"]: value \'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\' of \'ok.io/name\' must be at most 63 characters of alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["num"]: value of \'num\' must be a string, got number (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["bool"]: value of \'bool\' must be a string, got boolean (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.annotations["a//b"]: key \'a//b\' is not a valid qualified name: a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.annotations["k"]: value of \'k\' must be a string, got number (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
  ],
  [
    'error metadata.__proto__: unknown field "metadata.__proto__" {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'warning metadata.namespace: ConfigMap is cluster-scoped: metadata.namespace is ignored {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["a/b/c"]: key \'a/b/c\' is not a valid qualified name: a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["/x"]: key \'/x\' is not a valid qualified name: prefix part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["Bad_Prefix!/x"]: key \'Bad_Prefix!/x\' is not a valid qualified name: prefix part \'Bad_Prefix!\' must be a lowercase RFC 1123 subdomain {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels[""]: key \'\' is not a valid qualified name: name part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["ok.io/name"]: value \'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\' of \'ok.io/name\' must be at most 63 characters of alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["num"]: value of \'num\' must be a string, got number (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.labels["bool"]: value of \'bool\' must be a string, got boolean (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.annotations["a//b"]: key \'a//b\' is not a valid qualified name: a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
    'error metadata.annotations["k"]: value of \'k\' must be a string, got number (quote it in YAML) {"apiVersion":"v1","kind":"ConfigMap","name":"ok","namespace":"ns"}',
  ],
  [
    'error metadata.zzz: unknown field "metadata.zzz" {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.generateName: metadata.generateName \'Gen-\' must be a valid name prefix (a lowercase RFC 1123 subdomain (alphanumerics, \'-\' and \'.\', at most 253)) {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.namespace: metadata.namespace \'Bad_NS\' must be an RFC 1123 label {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.annotations: annotations total 307203 bytes, more than the 256 KiB limit {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[1]: finalizer "bad/f/x": a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[2]: finalizer 3: must be a string {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[3]: finalizer "/x": prefix part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
  ],
  [
    'error metadata.zzz: unknown field "metadata.zzz" {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.generateName: metadata.generateName \'Gen-\' must be a valid name prefix (an RFC 1123 label (lowercase alphanumerics and \'-\', at most 63)) {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'warning metadata.namespace: ConfigMap is cluster-scoped: metadata.namespace is ignored {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.annotations: annotations total 307203 bytes, more than the 256 KiB limit {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[1]: finalizer "bad/f/x": a qualified name must consist of an optional DNS prefix and a name, separated by a single \'/\' {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[2]: finalizer 3: must be a string {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
    'error metadata.finalizers[3]: finalizer "/x": prefix part must be non-empty {"apiVersion":"v1","kind":"ConfigMap","name":"Gen-*","namespace":"Bad_NS"}',
  ],
  [
    'error metadata.name: metadata.name must be a string {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.name: metadata.name is required (or metadata.generateName) {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.labels: metadata.labels must be a map of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.annotations: metadata.annotations must be a map of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.finalizers: metadata.finalizers must be a list of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
  ],
  [
    'error metadata.name: metadata.name must be a string {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.name: metadata.name is required (or metadata.generateName) {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.labels: metadata.labels must be a map of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.annotations: metadata.annotations must be a map of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
    'error metadata.finalizers: metadata.finalizers must be a list of strings {"apiVersion":"v1","kind":"ConfigMap","name":""}',
  ],
  [
    'error metadata.name: metadata.name is required (or metadata.generateName) {"apiVersion":"v1","kind":"ConfigMap","name":""}',
  ],
  [
    'error metadata.name: metadata.name is required (or metadata.generateName) {"apiVersion":"v1","kind":"ConfigMap","name":""}',
  ],
  [
    'error metadata.name: metadata.name \'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
    'error metadata.labels["pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/n"]: key \'ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp... {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
    'error metadata.labels["q/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"]: key \'q/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\' is not a valid qualified name: name part must be no more than 63 characters {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
  ],
  [
    'error metadata.name: metadata.name \'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
    'error metadata.labels["pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/n"]: key \'ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp... {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
    'error metadata.labels["q/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"]: key \'q/nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\' is not a valid qualified name: name part must be no more than 63 characters {"apiVersion":"v1","kind":"ConfigMap","name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}',
  ],
];

const OPTIONS = [{}, { clusterScoped: true, nameRule: 'label' as const }];

describe('validateObjectMeta', () => {
  test.each(INPUTS.flatMap((o, i) => OPTIONS.map((opts, k) => [i, k, o, opts] as const)))('input %i, options %i', (i, k, o, opts) => {
    const found = validateObjectMeta(o, opts).map((f) => `${f.severity} ${f.path}: ${f.message.length > 200 ? `${f.message.slice(0, 200)}...` : f.message} ${JSON.stringify(f.object)}`);
    expect(found).toEqual(EXPECTED[i * OPTIONS.length + k]);
  });
});
