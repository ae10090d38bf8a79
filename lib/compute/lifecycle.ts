/** How KubeVirt keeps the VM's instance running. The deprecated `running` field is never emitted. */
export enum RunStrategy {
  /** Always keep an instance running; restart it when it stops. */
  ALWAYS = 'Always',
  /** Restart the instance only when the guest fails; a clean guest shutdown stops the VM. */
  RERUN_ON_FAILURE = 'RerunOnFailure',
  /** Start and stop only on request (`virtctl start|stop`). */
  MANUAL = 'Manual',
  /** Keep the VM stopped. */
  HALTED = 'Halted',
  /** Run once; do not restart after the instance ends. */
  ONCE = 'Once',
}

/** What happens to the VM's instance when its node is drained. */
export enum EvictionStrategy {
  /** Live-migrate; block the drain when the instance is not migratable. */
  LIVE_MIGRATE = 'LiveMigrate',
  /** Live-migrate when possible, otherwise shut the instance down. */
  LIVE_MIGRATE_IF_POSSIBLE = 'LiveMigrateIfPossible',
  /** Leave eviction to an external controller (for example the cluster autoscaler). */
  EXTERNAL = 'External',
  /** Shut the instance down. */
  NONE = 'None',
}
