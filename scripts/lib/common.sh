# shellcheck shell=bash
# Shared by scripts/run-site.sh and scripts/test.sh: make this machine ready, idempotently.
# Fast when everything is already there (a few seconds); a fresh machine takes ~10 minutes,
# most of it building the lab's binaries (Kubernetes, etcd, kwok) from Go modules once into the cache.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export OVNK_DPU_CACHE="${OVNK_DPU_CACHE:-$HOME/.cache/ovnk-dpu}"
VENV="$REPO_ROOT/.venv"
ANSIBLE_WHEEL_VERSION="12.3.0"   # bundles kubernetes.core 6.2.0 for ansible-core 2.19
COLLECTIONS_CACHE="$OVNK_DPU_CACHE/collections"
APT_PACKAGES=(python3-venv openvswitch-switch git ca-certificates shellcheck systemd graphviz)

say() { printf '[ovnk.dpu %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[ovnk.dpu] error: %s\n' "$*" >&2; exit 1; }
pip_quiet() { "$VENV/bin/pip" --disable-pip-version-check -q "$@" 2> >(grep -v 'is ignored: it is neither' >&2); }

require_root() {
  [[ $EUID -eq 0 ]] || die "run as root: the lab needs network namespaces and Open vSwitch"
}

install_system_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -qq update
  # Keep the packages' own services (system OVS) from starting: the lab runs its own.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 0755 "$policy"; created_policy=1; fi
  apt-get -qq install -y --no-install-recommends "${missing[@]}" >/dev/null
  [[ $created_policy -eq 1 ]] && rm -f "$policy"
  return 0
}

setup_python() {
  # The virtualenv lives in the cache, one per requirements set, and .venv links to it: a new
  # clone of the same requirements reuses it at once.
  local want
  want=$(cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" | sha256sum | cut -c1-16)
  local real="$OVNK_DPU_CACHE/venvs/$want" lock
  mkdir -p "$OVNK_DPU_CACHE/venvs"
  # Two checkouts sharing the cache must not build (or delete) the same venv at once.
  exec {lock}>"$OVNK_DPU_CACHE/venvs/.lock"
  flock "$lock"
  if [[ ! -x "$real/bin/python" || ! -f "$real/.complete" ]]; then
    say "creating the virtualenv $real and installing Python dependencies"
    rm -rf "$real"
    python3 -m venv "$real"
    VENV="$real" pip_quiet install -U pip
    VENV="$real" pip_quiet install -r "$REPO_ROOT/requirements-dev.txt"
    touch "$real/.complete"
  fi
  exec {lock}>&-
  if [[ -d "$VENV" && ! -L "$VENV" ]]; then rm -rf "$VENV"; fi  # a checkout's own venv from before
  ln -sfn "$real" "$VENV"
}

setup_collections() {
  # Galaxy is unreachable: take kubernetes.core from the PyPI `ansible` wheel, once.
  # awx.awx comes along: its modules' argument specs are the reference the AWX definitions are tested against.
  if [[ ! -f "$COLLECTIONS_CACHE/ansible_collections/kubernetes/core/MANIFEST.json" \
        || ! -f "$COLLECTIONS_CACHE/ansible_collections/awx/awx/MANIFEST.json" ]]; then
    say "unpacking kubernetes.core and awx.awx from ansible==$ANSIBLE_WHEEL_VERSION (PyPI)"
    mkdir -p "$OVNK_DPU_CACHE/wheels" "$COLLECTIONS_CACHE"
    pip_quiet download --no-deps -d "$OVNK_DPU_CACHE/wheels" "ansible==$ANSIBLE_WHEEL_VERSION"
    "$VENV/bin/python" - "$OVNK_DPU_CACHE/wheels/ansible-$ANSIBLE_WHEEL_VERSION-py3-none-any.whl" "$COLLECTIONS_CACHE" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    z.extractall(dest, [n for n in z.namelist() if n.startswith(("ansible_collections/kubernetes/core/", "ansible_collections/awx/awx/"))])
PY
  fi
  # This checkout as ovnk.dpu, next to kubernetes.core (ansible.cfg's collections_path).
  mkdir -p "$REPO_ROOT/.collections/ansible_collections/ovnk"
  ln -sfn "$REPO_ROOT" "$REPO_ROOT/.collections/ansible_collections/ovnk/dpu"
  ln -sfn "$COLLECTIONS_CACHE/ansible_collections/kubernetes" "$REPO_ROOT/.collections/ansible_collections/kubernetes"
  ln -sfn "$COLLECTIONS_CACHE/ansible_collections/awx" "$REPO_ROOT/.collections/ansible_collections/awx"
}

setup_all() {
  require_root
  install_system_packages
  "$REPO_ROOT/scripts/build-lab-binaries.sh"
  setup_python
  setup_collections
  export PATH="$VENV/bin:$PATH"
  export ANSIBLE_CONFIG="$REPO_ROOT/ansible.cfg"
  cd "$REPO_ROOT" || exit 1
}
