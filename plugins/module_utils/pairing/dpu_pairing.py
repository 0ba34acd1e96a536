# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dpu_pairing module's work: read both clusters and the DPUs' OVS, validate the whole
pairing, then apply it through kubernetes.core (merge patches on Nodes) and ovs-vsctl."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_ovs, pairs
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import plan
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.net.ovsdb import OvsDb, OvsDbError

# The module's wiring (plugins/modules/dpu_pairing.py runs run_entry on this file).
ARGUMENT_SPEC = pairs.ARGUMENT_SPEC
KUBE = True
LIBRARIES = ("netaddr",)


class Cluster(Applier):
    """One cluster's Nodes through kubernetes.core's client and service."""

    def __init__(self, module: Any, name: str, kubeconfig: str) -> None:
        super().__init__(module, kubeconfig, cluster=name)
        self.name = name

    def node_metadata(self) -> dict[str, dict]:
        return {name: node["metadata"] for name, node in self.nodes().items()}

    def patch(self, change: plan.NodeChange) -> None:
        self.patch_node(change.node, change.merge_patch())


def _check_ovs_remotes(pair_map: dict[str, str], remotes: dict[str, str]) -> list[str]:
    return [f"ovs_remotes: no OVSDB remote for DPU {dpu}; add one (e.g. unix:/var/run/openvswitch/db.sock) "
            "or set manage_ovs: false" for dpu in sorted(set(pair_map.values()) - set(remotes))]


def _read_ovs(dpus: list[str], remotes: dict[str, str]) -> dict[str, dict[str, str]]:
    current, problems = {}, []
    for dpu in dpus:
        try:
            current[dpu] = OvsDb(remotes[dpu]).external_ids()
        except OvsDbError as e:
            problems.append(f"ovs_remotes.{dpu}: {e}; fix the remote or set manage_ovs: false")
    if problems:
        raise InputError(problems, "invalid pairing: ")
    return current


def planned_changes(params: dict, tenant: dict[str, dict], infra: dict[str, dict]) -> dict:
    """Everything short of I/O: facts, proposal, merge, validation, changes. Raises
    InputError with every problem before anything is written."""
    facts, problems = pairs.parse_facts(params["discovery"] or [])
    merged = pairs.merge(params["pairs"] or {}, pairs.propose(facts), params["accept_proposal"])
    present = params["state"] == "present"
    problems += pairs.validate(merged.pairs, set(tenant) if present else None, set(infra) if present else None)
    if params["manage_ovs"]:
        problems += _check_ovs_remotes(merged.pairs, params["ovs_remotes"] or {})
        if present:
            problems += dpu_ovs.settings_problems(merged.pairs, params["ovs_settings"] or {}, required=False)
    if problems:
        raise InputError(problems, "invalid pairing: ")
    changes = plan.node_changes(merged.pairs, params["platform"], present, params["prune"], tenant, infra)
    return {"merged": merged, "facts": facts, "changes": changes, "present": present}


def run(module: Any) -> dict:
    params = module.params
    clusters = {"tenant": Cluster(module, "tenant", params["tenant_kubeconfig"]),
                "infra": Cluster(module, "infra", params["infra_kubeconfig"])}
    planned = planned_changes(params, clusters["tenant"].node_metadata(), clusters["infra"].node_metadata())
    merged, changes = planned["merged"], planned["changes"]
    pruned_dpus = [c.node for c in changes if c.cluster == "infra" and c.node not in merged.pairs.values()]
    ovs: list[plan.OvsChange] = []
    if params["manage_ovs"]:
        remotes = params["ovs_remotes"] or {}
        dpus = sorted(set(merged.pairs.values()) | {d for d in pruned_dpus if d in remotes})
        ovs = plan.ovs_changes(merged.pairs, planned["present"], remotes, _read_ovs(dpus, remotes), pruned_dpus,
                               params["ovs_settings"])
    for change in changes:
        cluster = clusters[change.cluster]
        if not module.check_mode or cluster.client.dry_run:  # check mode: a server-side dry run
            cluster.patch(change)
    if not module.check_mode:
        for o in ovs:
            OvsDb(o.remote).update_external_ids(o.to_set(), o.to_remove())
    for d in merged.disagreements:
        module.warn(f"discovery proposes {d['proposed_dpu']} for host {d['host']}, the explicit map says "
                    f"{d['explicit_dpu'] or 'nothing'} (and gives {d['proposed_dpu']} to {d['explicit_host_of_dpu'] or 'no host'}); "
                    "the explicit map was applied")
    result = {
        "changed": bool(changes or ovs),
        "pairing": pairs.table(merged, planned["facts"]) if planned["present"] else [],
        "unpaired": sorted({c.node for c in changes if not c.after["annotations"]}),
        "proposal": {"pairs": merged.proposal.pairs, "ambiguous": merged.proposal.ambiguous,
                     "unmatched": merged.proposal.unmatched},
        "disagreements": merged.disagreements,
    }
    if module._diff:
        result["diff"] = plan.diff(changes, ovs)
    return result
