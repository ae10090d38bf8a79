// Character codes the fast YAML path (fast-*.ts) compares with charCodeAt.
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const DOUBLE = 34; // "
export const HASH = 35; // #
export const SINGLE = 39; // '
export const KEEP = 43; // + (block scalar chomping: keep)
export const COMMA = 44;
export const DASH = 45; // -
export const STRIP = DASH; // - (block scalar chomping: strip)
export const COLON = 58;
export const OPEN_SEQ = 91; // [
export const BACKSLASH = 92;
export const CLOSE_SEQ = 93; // ]
export const OPEN_MAP = 123; // {
export const CLOSE_MAP = 125; // }
