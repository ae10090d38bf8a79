// Public API of the templates family; its engineer fills this in.
export {};
