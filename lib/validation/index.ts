// Public API of the validation family; its engineer fills this in.
export {};
