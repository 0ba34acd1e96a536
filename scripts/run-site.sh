#!/usr/bin/env bash
# Set up this machine (once) and run the main job: site.yml on the built-in lab.
# Extra arguments go to ansible-playbook, e.g. --check, -e ..., -i inventories/...
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
start=$SECONDS
setup_all
say "set-up done in $((SECONDS - start)) s; running site.yml"
ansible-playbook site.yml "$@"
say "done in $((SECONDS - start)) s. Lab: ansible-playbook playbooks/lab.yml -e lab_action=status|stop|destroy"
