// Public API of the storage family; its engineer fills this in.
export {};
