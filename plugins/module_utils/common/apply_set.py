# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module run's objects across the two clusters: each applied through kubernetes.core
(Applier: server-side apply, a server dry run in check mode), what changed and its diffs
collected, and the module's result built from them."""

from __future__ import annotations

from typing import Any, Iterable

from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier


class ApplySet:
    """What one module run applied to the tenant and infra clusters."""

    def __init__(self, module: Any, kubeconfigs: dict[str, str], field_manager: str = "ovnk.dpu") -> None:
        self.module = module
        self.field_manager = field_manager
        self.clusters = {c: Applier(module, path, cluster=c) for c, path in kubeconfigs.items()}
        # Every cluster answers before anything changes on any: one that is down fails the run, named,
        # with the other left as it was.
        for applier in self.clusters.values():
            applier.reach()
        self.applied: list[dict] = []
        self.diffs: list[dict] = []
        self.warnings: list[str] = []
        # Check mode: (cluster, namespace) -> objects a real run would create in a namespace it creates first.
        self.in_new_namespace: dict[tuple[str, str], list[str]] = {}

    def apply(self, cluster: str, definition: dict) -> bool:
        """Apply one object; True if it changed (or would)."""
        meta = definition["metadata"]
        namespace = meta.get("namespace")
        entry = {"cluster": cluster, "kind": definition["kind"], "name": meta["name"], "namespace": namespace}
        if self.module.check_mode and namespace and not self.clusters[cluster].namespace_exists(namespace):
            # The API server cannot dry-run into a namespace that does not exist yet.
            self.in_new_namespace.setdefault((cluster, namespace), []).append(f"{definition['kind']} {meta['name']}")
            self.applied.append({**entry, "changed": True})
            return True
        result = self.clusters[cluster].apply(definition, self.field_manager)
        changed = bool(result.get("changed"))
        self.applied.append({**entry, "changed": changed})
        self.warnings += result.get("warnings") or []
        if changed and "diff" in result:
            self.add_diff(cluster, f"{definition['kind']} {meta['name']}", result["diff"])
        return changed

    def remove(self, cluster: str, definition: dict, wait: bool = False) -> bool:
        """Delete one object (a server dry run in check mode); True if it was there."""
        meta = definition["metadata"]
        result = self.clusters[cluster].delete(definition, wait=wait)
        changed = bool(result.get("changed"))
        self.record(cluster, definition["kind"], meta["name"], changed, meta.get("namespace"),
                    before={"kind": definition["kind"], "name": meta["name"], "namespace": meta.get("namespace")}
                    if changed else None, after={} if changed else None)
        return changed

    def add_diff(self, cluster: str, what: str, diff: dict) -> None:
        header = f"{cluster}: {what}"
        self.diffs.append({**diff, "before_header": header, "after_header": header})

    def record(self, cluster: str, kind: str, name: str, changed: bool, namespace: str | None = None,
               before: Any = None, after: Any = None) -> None:
        """A change made without apply (a patch, a delete), with its diff when before/after are given."""
        self.applied.append({"cluster": cluster, "kind": kind, "name": name, "namespace": namespace,
                             "changed": changed})
        if changed and (before is not None or after is not None):
            self.add_diff(cluster, f"{kind} {name}", {"before": before or {}, "after": after or {}})

    @property
    def changed(self) -> bool:
        return any(a["changed"] for a in self.applied)

    def result(self, **extra: Any) -> dict:
        """The module's result: changed, applied (names only), warnings, diff with --diff."""
        warnings = list(self.warnings) + [
            f"check mode: namespace {ns} does not exist yet on the {cluster} cluster, so these cannot be dry-run; "
            f"a real run creates them: {', '.join(names)}" for (cluster, ns), names in self.in_new_namespace.items()]
        result = {"changed": self.changed, "applied": self.applied, **extra, "warnings": sorted(set(warnings))}
        if self.module._diff:
            result["diff"] = self.diffs
        return result


def names_of(definitions: Iterable[dict]) -> list[str]:
    return [d["metadata"]["name"] for d in definitions]
