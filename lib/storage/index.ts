// Public API of the storage family: CDI DataVolumes, DataSources and DataImportCrons.
export * from './data-volume-source';
export * from './data-volume-spec';
export * from './data-volume';
export * from './data-source';
export * from './data-import-cron';
export * from './cron-schedule';
export * from './inference-labels';
