// Hotplug and live update settings of a VM: how volume changes roll out. CPU (maxSockets) and memory
// (maxGuestMemory) headroom are compute options; the cluster's VM rollout strategy (KubeVirt CR
// `spec.configuration.vmRolloutStrategy`, LiveUpdate unless set to Stage) decides whether KubeVirt
// applies template changes to a running VM at all.

/** How KubeVirt rolls out a change of a running VM's volumes (`spec.updateVolumesStrategy`). */
export enum UpdateVolumesStrategy {
  /** The new volumes are used from the next restart (KubeVirt's default). */
  REPLACEMENT = 'Replacement',
  /** The VM's storage is live-migrated to the new PVCs/DataVolumes (volume migration). */
  MIGRATION = 'Migration',
}

/** The volume kinds KubeVirt can hot-plug (the `hotpluggable` flag exists on these only). */
export const HOTPLUGGABLE_VOLUME_KINDS: readonly string[] = ['dataVolume', 'persistentVolumeClaim'];
