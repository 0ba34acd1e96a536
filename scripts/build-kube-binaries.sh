#!/usr/bin/env bash
# Build the lab's Kubernetes binaries (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubemark) from Debian's `kubernetes` source package and keep
# only the binaries in a cache outside the repository.
#
# Why from source: these programs are neither on PyPI nor packaged as binaries
# in Debian. The steps and both pitfalls (generated openapi, reflect2 with
# Go >= 1.18) are documented in docs/lab.md.
#
# Usage: scripts/build-kube-binaries.sh [--force]
# Env:   OVNK_DPU_CACHE (default ~/.cache/ovnk-dpu), OVNK_DPU_KEEP_BUILD=1 keeps the tree.
set -euo pipefail

KUBE_DEB_VERSION="1.20.5+really1.20.2-1.1+deb12u1"
KUBE_VERSION="v1.20.2"
CACHE="${OVNK_DPU_CACHE:-$HOME/.cache/ovnk-dpu}"
# Bump LAB_BUILD when the patches change, so caches rebuild.
LAB_BUILD="lab3"
BIN_DIR="$CACHE/kubernetes-$KUBE_VERSION-$LAB_BUILD/bin"
BUILD_DIR="$CACHE/build"
TARGETS=(kube-apiserver kube-controller-manager kube-scheduler kubemark)
STAMP="$BIN_DIR/.complete"
PATCHES="$(cd "$(dirname "$0")" && pwd)/kube-patches"

step() { printf '[build-kube %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if [[ "${1:-}" != "--force" && -f "$STAMP" ]]; then
  step "cached binaries found in $BIN_DIR (use --force to rebuild)"
  exit 0
fi
[[ $EUID -eq 0 ]] || { echo "build-kube: run as root (apt-get is needed)" >&2; exit 2; }

step "installing the toolchain (golang-go, rsync, dpkg-dev, reflect2 1.0.2)"
export DEBIAN_FRONTEND=noninteractive
apt-get -qq update
apt-get -qq install -y --no-install-recommends golang-go rsync dpkg-dev \
  golang-github-modern-go-reflect2-dev ca-certificates >/dev/null

# deb-src entries in a private apt state, so the machine's apt config stays untouched.
APT_DIR="$BUILD_DIR/apt"
mkdir -p "$APT_DIR/lists/partial"
SRC_LIST="$APT_DIR/sources.list.d"
mkdir -p "$SRC_LIST"
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] && sed 's/^Types:.*/Types: deb-src/' "$f" > "$SRC_LIST/$(basename "$f")"
done
if [[ -f /etc/apt/sources.list ]]; then
  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$APT_DIR/sources.list"
else
  : > "$APT_DIR/sources.list"
fi
APT_OPTS=(-o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o "Dir::Etc::sourceparts=$SRC_LIST"
          -o "Dir::State::Lists=$APT_DIR/lists" -o "APT::Sandbox::User=root")

step "fetching source package kubernetes=$KUBE_DEB_VERSION"
apt-get -qq "${APT_OPTS[@]}" update
SRC_PARENT="$BUILD_DIR/src"
rm -rf "$SRC_PARENT"; mkdir -p "$SRC_PARENT"
(cd "$SRC_PARENT" && apt-get -qq "${APT_OPTS[@]}" source --only-source "kubernetes=$KUBE_DEB_VERSION" >/dev/null)
TREE=$(find "$SRC_PARENT" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
[[ -n "$TREE" ]] || { echo "build-kube: source tree not found under $SRC_PARENT" >&2; exit 1; }

step "patching vendored reflect2 with Debian's 1.0.2 (Go >= 1.18 map iterator fix)"
# Replace the package's sources whole: 1.0.1 files that 1.0.2 dropped would clash.
REFLECT2="$TREE/vendor/github.com/modern-go/reflect2"
rm -f "$REFLECT2"/*.go "$REFLECT2"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$REFLECT2/"
step "patching the hollow kubelet's fake runtime socket to follow TMPDIR (one per hollow node)"
install -m 0644 "$PATCHES/fake-runtime-endpoint.go" "$TREE/pkg/kubelet/cri/remote/fake/endpoint.go"
step "patching the hollow kubelet's root dir to follow TMPDIR (lab destroy leaves nothing in /tmp)"
TMPDIR_GO="$TREE/test/utils/tmpdir.go"
sed -i -e 's|baseDir = "/tmp"|baseDir = os.TempDir()|' -e 's|^\t"io/ioutil"$|\t"io/ioutil"\n\t"os"|' "$TMPDIR_GO"
grep -q 'os.TempDir()' "$TMPDIR_GO" || { echo "build-kube: could not patch $TMPDIR_GO" >&2; exit 1; }
step "patching the hollow kubelet's fake host utils so subPath mounts work (OVN-K's DaemonSets use one)"
HOSTUTIL_GO="$TREE/pkg/volume/util/hostutil/fake_hostutil.go"
sed -i 's|return 0, errors.New("not implemented")|return os.FileMode(0755), nil|' "$HOSTUTIL_GO"
grep -q 'return os.FileMode(0755), nil' "$HOSTUTIL_GO" || { echo "build-kube: could not patch $HOSTUTIL_GO" >&2; exit 1; }

mkdir -p "$TREE/.go/src/k8s.io"
ln -sfn "$TREE" "$TREE/.go/src/k8s.io/kubernetes"
LOG="$BUILD_DIR/make.log"
( while sleep 60; do step "still building ($((SECONDS / 60)) min so far)"; done ) &
HEARTBEAT=$!
trap 'kill $HEARTBEAT 2>/dev/null || true' EXIT
step "building ${TARGETS[*]} (about 9 minutes on 2 cores; log: $LOG)"
(
  cd "$TREE/.go/src/k8s.io/kubernetes"
  export GOPATH="$TREE/.go" GOCACHE="$BUILD_DIR/gocache" CGO_ENABLED=0 KUBE_GIT_VERSION="$KUBE_VERSION"
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubemark" \
       GOLDFLAGS="-s -w" 2>&1 | tee "$LOG" | grep --line-buffered -E '^\+\+\+|Building|Generating' || true
  exit "${PIPESTATUS[0]}"
)

mkdir -p "$BIN_DIR"
kill "$HEARTBEAT" 2>/dev/null || true
for t in "${TARGETS[@]}"; do
  install -m 0755 "$TREE/_output/bin/$t" "$BIN_DIR/$t"
done
"$BIN_DIR/kube-apiserver" --version
touch "$STAMP"
if [[ "${OVNK_DPU_KEEP_BUILD:-0}" != 1 ]]; then
  step "removing the build tree (binaries stay in $BIN_DIR)"
  rm -rf "$BUILD_DIR"
fi
step "done: $(du -sh "$BIN_DIR" | cut -f1) in $BIN_DIR"
