// Public API of the network family; its engineer fills this in.
export {};
