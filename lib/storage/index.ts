// Public API of the storage family: CDI DataVolumes, DataSources and DataImportCrons.
export * from './data-volume-spec';
