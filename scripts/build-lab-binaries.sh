#!/usr/bin/env bash
# Build the lab's binaries from Go modules (the Go module proxy; no Docker, no release
# downloads) into a cache outside the repository:
#   kube-apiserver, kube-controller-manager, kube-scheduler  k8s.io/kubernetes at KUBE_VERSION
#   etcd                                                    go.etcd.io/etcd/server/v3 at ETCD_VERSION
#   kwok (simulated nodes and pods)                         sigs.k8s.io/kwok at KWOK_VERSION
#   kubemark (only with --with-kubemark, for benchmarks/lab_nodes.py)
#
# Each product's binaries are kept per version (<cache>/lab/<product>-<version>/) and linked
# into <cache>/lab/bin, the one directory the lab reads. A cached binary is used only when it
# reports the pinned version; bump a version below and the next run builds just that product
# (or links back a version built before). Go's module and build caches live in the cache too.
#
# Usage: scripts/build-lab-binaries.sh [--force] [--with-kubemark]
# Env:   OVNK_DPU_CACHE (default ~/.cache/ovnk-dpu), GO (default: `go` on PATH, else /usr/local/go/bin/go)
set -euo pipefail

KUBE_VERSION="v1.35.8"     # OVN-Kubernetes v1.3 builds against Kubernetes 1.35
ETCD_VERSION="v3.6.16"
KWOK_VERSION="v0.8.0"
GO_MIN_MINOR=26            # etcd 3.6.16's dependencies need Go >= 1.26 (k8s.io/kubernetes 1.35: 1.25)
GO_TOOLCHAIN="go1.26.8"    # fetched from the module proxy when the machine's Go is 1.21-1.25

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${OVNK_DPU_CACHE:-$HOME/.cache/ovnk-dpu}"
BIN_DIR="$CACHE/lab/bin"
BUILD_DIR="$CACHE/lab/build"
export GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOPATH="$CACHE/go/path"
export GOFLAGS="-mod=mod" GOTOOLCHAIN=local CGO_ENABLED=0 GOTELEMETRY=off
FORCE=0 WITH_KUBEMARK=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --with-kubemark) WITH_KUBEMARK=1 ;;
    *) echo "usage: $0 [--force] [--with-kubemark]" >&2; exit 2 ;;
  esac
done

# Go prints a line per module it downloads; keep the log to what a person follows.
quiet_go() { "$@" 2> >(grep -v '^go: \(downloading\|added\|finding\|upgraded\|found\)' >&2); }
step() { printf '[build-lab %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[build-lab] error: %s\n' "$*" >&2; exit 1; }

find_go() {
  GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
  [[ -x "$GO" ]] || die "no Go toolchain found (need Go >= 1.21; set GO=/path/to/go)"
  local minor
  minor=$(GOTOOLCHAIN=local "$GO" env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
  if [[ "$minor" -lt 21 ]]; then
    die "$GO is $("$GO" env GOVERSION); need Go >= 1.$GO_MIN_MINOR (or >= 1.21, which fetches it)"
  elif [[ "$minor" -lt "$GO_MIN_MINOR" ]]; then
    step "$("$GO" env GOVERSION) is older than 1.$GO_MIN_MINOR: using the $GO_TOOLCHAIN toolchain from the module proxy"
    export GOTOOLCHAIN="$GO_TOOLCHAIN"
  fi
}

# reports NAME WANT: does the cached binary NAME print version WANT?
# The directory of one product's binaries at one version.
version_dir() { echo "$CACHE/lab/$1-$2"; }

# reports DIR NAME WANT: does the cached binary DIR/NAME print version WANT?
reports() {
  local bin="$1/$2" want="$3"
  [[ $FORCE -eq 0 && -x "$bin" ]] || return 1
  case "$2" in
    etcd) "$bin" --version 2>/dev/null | grep -qx "etcd Version: ${want#v}" ;;
    kwok) "$bin" --version 2>/dev/null | grep -q "kwok version ${want}" ;;
    *) "$bin" --version 2>/dev/null | grep -qx "Kubernetes $want" ;;
  esac
}

# Show that a long build is alive.
with_heartbeat() {
  local what="$1" since=$SECONDS; shift
  ( while sleep 60; do step "still building $what ($(( (SECONDS - since) / 60 )) min so far)"; done ) &
  local beat=$!
  local rc=0
  "$@" || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  return "$rc"
}

kube_ldflags() {
  local minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  local date flags="-s -w"
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  echo "$flags"
}

# A fresh copy of scripts/lab-build/NAME in the build cache.
module_dir() {
  local dir="$BUILD_DIR/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$HERE/lab-build/$1/go.mod" "$dir/go.mod"
  echo "$dir"
}

# Link the product's binaries (and kwok's stages) into BIN_DIR.
link_into_bin() {
  local dir="$1"; shift
  for name in "$@"; do
    [[ -L "$BIN_DIR/$name" || ! -e "$BIN_DIR/$name" ]] || rm -rf "${BIN_DIR:?}/$name"  # a copy from before
    ln -sfn "$dir/$name" "$BIN_DIR/$name"
  done
}

build_kubernetes() {
  local targets=(kube-apiserver kube-controller-manager kube-scheduler)
  [[ $WITH_KUBEMARK -eq 1 ]] && targets+=(kubemark)
  local out missing=()
  out=$(version_dir kubernetes "$KUBE_VERSION")
  for t in "${targets[@]}"; do reports "$out" "$t" "$KUBE_VERSION" || missing+=("$t"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    step "Kubernetes $KUBE_VERSION: cached"; link_into_bin "$out" "${targets[@]}"; return 0
  fi
  local dir staging_version="v0${KUBE_VERSION#v1}"
  dir=$(module_dir kubernetes)
  step "Kubernetes $KUBE_VERSION: resolving k8s.io/kubernetes and its staging modules at $staging_version"
  local upstream_mod
  upstream_mod=$(cd "$dir" && quiet_go "$GO" mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [[ -f "$upstream_mod" ]] || die "could not download k8s.io/kubernetes@$KUBE_VERSION from the module proxy"
  # Each `k8s.io/x => ./staging/src/k8s.io/x` upstream becomes `k8s.io/x => k8s.io/x vX`.
  local edits=(-require="k8s.io/kubernetes@$KUBE_VERSION")
  while read -r mod; do
    edits+=(-replace="$mod=$mod@$staging_version")
  done < <(sed -n 's|^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/.*|\1|p' "$upstream_mod")
  [[ ${#edits[@]} -gt 20 ]] || die "found no staging replaces in $upstream_mod"
  (cd "$dir" && "$GO" mod edit "${edits[@]}")
  for t in "${targets[@]}"; do (cd "$dir" && "$GO" mod edit -tool="k8s.io/kubernetes/cmd/$t"); done
  step "Kubernetes $KUBE_VERSION: downloading modules (go mod tidy)"
  (cd "$dir" && quiet_go "$GO" mod tidy)
  step "Kubernetes $KUBE_VERSION: building ${missing[*]} (about 5 minutes on 2 cores the first time)"
  local pkgs=()
  for t in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$t"); done
  mkdir -p "$out"
  (cd "$dir" && with_heartbeat Kubernetes quiet_go "$GO" build -trimpath -ldflags "$(kube_ldflags)" -o "$out/" "${pkgs[@]}")
  for t in "${missing[@]}"; do
    reports "$out" "$t" "$KUBE_VERSION" || die "$t does not report Kubernetes $KUBE_VERSION after the build"
  done
  link_into_bin "$out" "${targets[@]}"
}

build_etcd() {
  local dir out
  out=$(version_dir etcd "$ETCD_VERSION")
  if reports "$out" etcd "$ETCD_VERSION"; then step "etcd $ETCD_VERSION: cached"; link_into_bin "$out" etcd; return 0; fi
  dir=$(module_dir etcd)
  step "etcd $ETCD_VERSION: downloading and building go.etcd.io/etcd/server/v3"
  (cd "$dir" && quiet_go "$GO" get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" && quiet_go "$GO" mod tidy)
  (cd "$dir" && with_heartbeat etcd quiet_go "$GO" build -trimpath \
     -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=module-$ETCD_VERSION" \
     -o "$out/etcd" go.etcd.io/etcd/server/v3)
  reports "$out" etcd "$ETCD_VERSION" || die "etcd does not report $ETCD_VERSION after the build"
  link_into_bin "$out" etcd
}

build_kwok() {
  local out
  out=$(version_dir kwok "$KWOK_VERSION")
  if reports "$out" kwok "$KWOK_VERSION" && [[ -d "$out/kwok-stages" ]]; then
    step "kwok $KWOK_VERSION: cached"; link_into_bin "$out" kwok kwok-stages; return 0
  fi
  step "kwok $KWOK_VERSION: downloading and building sigs.k8s.io/kwok/cmd/kwok"
  mkdir -p "$out"
  # kwok's go.mod has no replace directives, so `go install` builds it as released.
  GOBIN="$out" GOFLAGS='' with_heartbeat kwok quiet_go "$GO" install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  reports "$out" kwok "$KWOK_VERSION" || die "kwok does not report $KWOK_VERSION after the build"
  # kwok's stage definitions ship in its module: keep them next to the binary.
  local src="$GOMODCACHE/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  rm -rf "$out/kwok-stages"; mkdir -p "$out/kwok-stages"
  cp -r "$src/." "$out/kwok-stages/"
  chmod -R u+w "$out/kwok-stages"
  link_into_bin "$out" kwok kwok-stages
}

main() {
  find_go
  mkdir -p "$BIN_DIR" "$BUILD_DIR"
  local start=$SECONDS
  build_etcd
  build_kwok
  build_kubernetes
  "$BIN_DIR/kube-apiserver" --version
  step "done in $((SECONDS - start)) s: $BIN_DIR links $(du -shL "$BIN_DIR" | cut -f1) of binaries"
}

main
