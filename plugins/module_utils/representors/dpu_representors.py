# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dpu_representors module's work: validate everything, then reconcile each pair's links
(lab, kind) or verify the DPU's VF representors (openshift)."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.net import netlink
from ansible_collections.ovnk.dpu.plugins.module_utils.representors import links, veth

# The module's wiring (plugins/modules/dpu_representors.py runs run_entry on this file).
ARGUMENT_SPEC = links.ARGUMENT_SPEC
KUBE = False
LIBRARIES = ("pyroute2",)


def pair_specs(raw: list[dict]) -> list[links.PairSpec]:
    return [links.PairSpec(p["host"], p["dpu"], n if p.get("index") is None else p["index"],
                           p.get("host_netns"), p.get("dpu_netns")) for n, p in enumerate(raw)]


def formats(params: dict) -> tuple[str, str]:
    host_default, dpu_default = links.DEFAULT_FORMATS[params["platform"]]
    return params["host_ifname_format"] or host_default, params["dpu_ifname_format"] or dpu_default


def reconcile(pairs: list[links.PairSpec], wanted: list[list[links.LinkSpec]], host_fmt: str,
              dpu_fmt: str, present: bool, check_mode: bool) -> list[veth.PairReport]:
    """One pair at a time: two namespace sockets open, one dump each, writes only for differences."""
    reports = []
    with veth.IPRoute() as root:
        for pair, pair_links in zip(pairs, wanted):
            with ExitStack() as stack:
                host_ns, dpu_ns = veth.Namespace(stack, pair.host_netns), veth.Namespace(stack, pair.dpu_netns)
                reconciler = veth.PairReconciler(root, pair, host_ns, dpu_ns, check_mode)
                reports.append(reconciler.reconcile(pair_links, host_fmt, dpu_fmt) if present
                               else reconciler.remove_all(host_fmt, dpu_fmt))
    return reports


def run(module: Any) -> dict[str, Any]:
    return make_or_verify(module.params, module.check_mode, module._diff)


def make_or_verify(params: dict, check_mode: bool, want_diff: bool) -> dict[str, Any]:
    pairs = pair_specs(params["pairs"])
    host_fmt, dpu_fmt = formats(params)
    verify_only = (params.get("links") or ("sriov" if params["platform"] == "openshift" else "veth")) == "sriov"
    problems = links.validate(pairs, params["count"], params["mtu"], host_fmt, dpu_fmt,
                              netlink.namespaces(), need_netns=not verify_only)
    if problems:
        raise InputError(problems, "invalid representors: ")
    wanted = [links.links(p, params["count"], params["mtu"], host_fmt, dpu_fmt) for p in pairs]
    if verify_only:
        return _verify(pairs, wanted)
    present = params["state"] == "present"
    reports = reconcile(pairs, wanted, host_fmt, dpu_fmt, present, check_mode)
    result: dict[str, Any] = {
        "changed": any(r.actions for r in reports),
        "actions": [a for r in reports for a in r.actions],
        "pairs": [_summary(p, pair_links, params["mtu"]) for p, pair_links in zip(pairs, wanted)] if present else [],
    }
    if want_diff:
        result["diff"] = {"before": {r.host: r.before for r in reports if r.actions},
                          "after": {r.host: r.after for r in reports if r.actions}}
    return result


def _summary(pair: links.PairSpec, wanted_links: list[links.LinkSpec], mtu: int) -> dict:
    return {"host": pair.host, "dpu": pair.dpu, "index": pair.index, "host_netns": pair.host_netns,
            "dpu_netns": pair.dpu_netns, "mtu": mtu,
            "links": [{"host": s.host_ifname, "dpu": s.dpu_ifname, "host_mac": s.host_mac, "dpu_mac": s.dpu_mac}
                      for s in wanted_links]}


def _verify(pairs: list[links.PairSpec], wanted: list[list[links.LinkSpec]]) -> dict:
    missing = {p.dpu: veth.verify(p, pair_links) for p, pair_links in zip(pairs, wanted)}
    missing = {dpu: names for dpu, names in missing.items() if names}
    if missing:
        raise OperationError("; ".join(f"DPU {dpu} lacks the VF representors {', '.join(names)}; create the VFs "
                                       "(SR-IOV, switchdev) or lower count" for dpu, names in missing.items()))
    return {"changed": False, "actions": [], "pairs": []}
