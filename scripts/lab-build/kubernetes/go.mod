// The lab's Kubernetes control plane, built from Go modules.
// scripts/build-lab-binaries.sh copies this module into the build cache and adds
// `require k8s.io/kubernetes <KUBE_VERSION>` with a replace for each staging module
// (k8s.io/api, k8s.io/client-go, ...) pointing at its published v0.x.y twin, the way
// out-of-tree schedulers build kube-scheduler. Only the `go` and `godebug` lines live here;
// keep `godebug` equal to the one in k8s.io/kubernetes' own go.mod.
module ovnk.dpu/lab/kubernetes

go 1.25.0

godebug default=go1.25
