// The upstream parsers the webhooks call, shared by the validator's rules and the constructs:
// MAC (Go net.ParseMAC), quantities (apimachinery resource.ParseQuantity), IP/CIDR (Go net, via node:net), DNS-1123 names (apimachinery), cron
// (CDI's cronexpr). No imports from constructs or the validator.
export { isMac, parseMac } from './mac';
export type { Cidr } from './ip';
export { cidrContains, ipFamily, isIP, parseCidr } from './ip';
export { interfaceNameProblem, isColonMac } from './link';
export { isDnsLabel, isDnsSubdomain } from './dns';
export { cronError } from './cron';
export { parseQuantity } from './quantity';
