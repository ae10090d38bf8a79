// The JSON schema of the validation configuration, checked with ajv; errors name the file and
// the key (`.cdk8s-kubevirt.yaml: rules.vm-foo: ...`).
import Ajv, { ErrorObject } from 'ajv';
import { ValidationConfigSpec } from './types';

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    platform: { enum: ['openshift-virtualization', 'kubevirt', 'none'] },
    assumeComplete: { type: 'boolean' },
    failOn: { enum: ['error', 'warning'] },
    nodeInterfaces: stringList,
    featureGates: {
      type: 'object', additionalProperties: false,
      properties: { enabled: stringList, disabled: stringList },
    },
    externalObjects: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['kind', 'names'],
        properties: { kind: { type: 'string', minLength: 1 }, apiVersion: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, names: { ...stringList, minItems: 1 } },
      },
    },
    rules: { type: 'object', additionalProperties: { enum: ['error', 'warning', 'info', 'off'] } },
    ignore: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['rules'],
        properties: { rules: { ...stringList, minItems: 1 }, files: stringList, reason: { type: 'string' } },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Problems in a configuration, each `<key>: <message>`; empty when it is valid. */
export function configSchemaProblems(value: unknown): string[] {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  if (compiled(value)) return [];
  return (compiled.errors ?? []).map(describe);
}

function describe(e: ErrorObject): string {
  const key = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
  const where = key || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return `${key ? `${key}.` : ''}${extra}: unknown key`;
    }
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${key ? `${key}.` : ''}${(e.params as { missingProperty: string }).missingProperty}: required`;
    default:
      return `${where}: ${e.message}`;
  }
}

/** Narrows a value that passed the schema. */
export function asConfigSpec(value: unknown): ValidationConfigSpec {
  return (value ?? {}) as ValidationConfigSpec;
}
