// Shape of what scripts/control-plane/cluster.js hands to jest (state.json's content).
export interface ClusterState {
  mode: 'manual' | 'jest';
  dir: string;
  stateFile: string;
  kubeconfig: string;
  dataDir: string;
  server: string;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number; kcm: number };
  processes: { name: string; pid: number; exe: string; logFile: string }[];
  unprivileged: { user: string; token: string };
  versions: { kubernetes: string; etcd: string };
  readyMs?: number;
}

export interface ClusterHandle {
  state: ClusterState;
  /** False when an `npm run cluster:up` cluster was reused: teardown leaves it running. */
  owned: boolean;
}
