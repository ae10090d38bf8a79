// Public API of the platform family: constructs that install and run the toolkit itself.
export * from './gitops-controller';
