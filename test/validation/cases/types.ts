import type { RuleOptions } from '../../../lib/validation/rules/types';

/** One rule's table row: inputs it accepts and inputs it must flag (each list is one validation run). */
export interface RuleCase {
  readonly rule: string;
  readonly valid: Array<Array<Record<string, any>>>;
  readonly invalid: Array<Array<Record<string, any>>>;
  /** Expected severity of the invalid findings. @default the rule's */
  readonly severity?: 'error' | 'warning' | 'info';
  readonly options?: RuleOptions;
}
