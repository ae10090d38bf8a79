// Public API of the controller family; its engineer fills this in.
export {};
