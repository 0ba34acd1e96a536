// The lab's etcd, built from Go modules: scripts/build-lab-binaries.sh copies this module
// into the build cache and adds `tool go.etcd.io/etcd/server/v3` at ETCD_VERSION.
module ovnk.dpu/lab/etcd

go 1.26.0
