// Public API of the compute family; its engineer fills this in.
export {};
