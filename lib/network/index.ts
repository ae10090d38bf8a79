// Public API of the network family: host networking (nmstate NNCP) and VM networks (Multus NADs).
export * from './ip-config';
export * from './node-interface';
export * from './bond';
export * from './linux-bridge';
export * from './vlan';
export * from './ethernet';
export * from './ovs';
export * from './node-network-policy';
export * from './cni';
export * from './network-attachment';
export * from './bridge-network';
export * from './ovn-network';
export * from './macvlan-network';
export * from './sriov-network';
