// Public API of the flavors family; its engineer fills this in.
export {};
