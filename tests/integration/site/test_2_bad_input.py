"""Bad input on the installed lab: every case fails with one message naming the field(s) and the
fix, and nothing changes on either cluster, in any namespace's links or in any DPU's OVS.

- the inventory (bad_inventory_cases.py): site.yml with the mistake, stopped by its preflight;
- every module's arguments (bad_module_args.yml, bad_module_args_cases.py), as a playbook calls them;
- what only the clusters can tell: credentials expired or of the other cluster, a certificate of
  another CA, an API server that does not answer, the kubeconfigs swapped, a cluster too old."""

from __future__ import annotations

import base64
import datetime
import json
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import snapshot
from bad_inventory_cases import CASES, Case
from bad_module_args_cases import CASES as MODULE_CASES
from labtools import LabUnderTest, Run
from sitetools import DPUS

pytestmark = pytest.mark.lab

PREFLIGHT_TASK = "Check the inventory, the pairing, the representors, the OVN-K settings and every mode at once"
JSON_RESULTS = {"ANSIBLE_CALLBACK_RESULT_FORMAT": "json"}


def failures(run: Run) -> list[tuple[str, dict]]:
    """(task name, result) of each failed task, in order."""
    found = []
    for match in re.finditer(r"^(?:fatal|failed): \[[^\]]+\]: FAILED! => ", run.output, re.M):
        task = run.output.rfind("TASK [", 0, match.start())
        name = run.output[task + 6:run.output.index("]", task)] if task >= 0 else ""
        result = json.JSONDecoder().raw_decode(run.output, match.end())[0]
        found.append((name.split(" : ", 1)[-1], result))
    return found


def message(result: dict) -> str:
    return " ".join(result.get("problems") or []) + " " + str(result.get("msg", ""))


@pytest.fixture(scope="module")
def before(lab):
    return snapshot.settled(lab, DPUS)


def run_case(lab: LabUnderTest, case: Case) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        inventory = ["-i", "inventories/lab"]
        if case.inventory:
            Path(tmp, "extra.yml").write_text(yaml.safe_dump(case.inventory))
            inventory += ["-i", f"{tmp}/extra.yml"]
        for name, text in case.files.items():
            Path(tmp, name).write_text(text)
        return lab.playbook("site.yml", *inventory, *(a.replace("{tmp}", tmp) for a in case.args), env=JSON_RESULTS)


@pytest.fixture(scope="module")
def kubeconfigs(lab):
    """Kubeconfigs that go wrong only on the clusters: made from the lab's own."""
    scratch = Path(tempfile.mkdtemp(prefix="ovnk-dpu-kubeconfigs-"))
    server = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())["clusters"][0]["cluster"]["server"]
    yield {
        "expired": expired_kubeconfig(lab, scratch / "expired"),
        "other-user": kubeconfig_variant(lab, scratch / "other-user", "tenant", other_user=True),
        "other-ca": kubeconfig_variant(lab, scratch / "other-ca", "tenant", other_ca=True),
        "silent": kubeconfig_variant(lab, scratch / "silent", "infra", server=f"https://127.0.0.1:{lab.port_base + 199}"),
        "tenant-as-localhost": kubeconfig_variant(lab, scratch / "localhost", "tenant",
                                                  server=server.replace("127.0.0.1", "localhost")),
        "tenant": lab.state_dir / "tenant" / "admin.kubeconfig",
        "infra": lab.state_dir / "infra" / "admin.kubeconfig",
    }
    shutil.rmtree(scratch)


# Cluster-level cases: the kubeconfigs (by kubeconfigs' key) given for the tenant and the infra cluster.
CLUSTER_CASES = {
    "expired-credentials": ("expired", "infra"),
    "other-clusters-credentials": ("other-user", "infra"),
    "certificate-of-another-ca": ("other-ca", "infra"),
    "api-server-silent": ("tenant", "silent"),
    "kubeconfigs-swapped": ("infra", "tenant"),
    "same-cluster-two-addresses": ("tenant", "tenant-as-localhost"),
}


def cluster_case(lab: LabUnderTest, tenant: Path, infra: Path) -> Run:
    return lab.playbook("site.yml", "-e", f"ovnk_dpu_tenant_kubeconfig={tenant}", "-e", f"ovnk_dpu_infra_kubeconfig={infra}",
                        env=JSON_RESULTS)


@pytest.fixture(scope="module")
def runs(lab, before, kubeconfigs) -> dict[str, Run]:
    """Every case at once (three at a time): the inventory's, the module arguments' playbook, the clusters'."""
    work = {c.id: partial(run_case, lab, c) for c in CASES}
    work["module arguments"] = partial(lab.playbook, "tests/integration/site/bad_module_args.yml", env=JSON_RESULTS)
    work.update({name: partial(cluster_case, lab, kubeconfigs[tenant], kubeconfigs[infra])
                 for name, (tenant, infra) in CLUSTER_CASES.items()})
    work["cluster-too-old"] = partial(lab.playbook, "site.yml", "-e", "ovnk_dpu_min_kube_version=1.99.0", env=JSON_RESULTS)
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(job) for name, job in work.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def inventory_runs(runs) -> dict[str, Run]:
    return runs


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_inventory_stops_in_preflight_naming_the_variable_and_the_fix(inventory_runs, case):
    run = inventory_runs[case.id]
    assert run.rc != 0 and run.changed == 0, run.output[-3000:]
    (failed,) = failures(run)  # one failure: the preflight's, before any change
    task, result = failed
    assert task == PREFLIGHT_TASK, (task, message(result))
    for phrase in case.expected:
        assert phrase in message(result), message(result)


@pytest.fixture(scope="module")
def module_runs(runs) -> dict[str, dict]:
    run = runs["module arguments"]
    assert run.rc == 0 and run.changed == 0, run.output[-3000:]
    return {name.removeprefix("bad_args | "): result for name, result in failures(run)}


@pytest.mark.parametrize("case", sorted(MODULE_CASES), ids=sorted(MODULE_CASES))
def test_bad_module_arguments_fail_naming_the_argument(module_runs, case):
    assert case in module_runs, f"the task bad_args | {case} did not fail"
    for phrase in MODULE_CASES[case]:
        assert phrase in message(module_runs[case]), message(module_runs[case])


def expired_kubeconfig(lab: LabUnderTest, path: Path) -> Path:
    """The tenant admin kubeconfig with a client certificate the cluster's own CA signed, expired yesterday."""
    pki = lab.state_dir / "tenant" / "pki"
    ca_key = serialization.load_pem_private_key((pki / "ca.key").read_bytes(), password=None)
    ca = x509.load_pem_x509_certificate((pki / "ca.crt").read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "system:masters"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "expired-admin")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now - datetime.timedelta(days=1)).sign(ca_key, hashes.SHA256()))
    config = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())
    pem = {"client-certificate-data": cert.public_bytes(serialization.Encoding.PEM),
           "client-key-data": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption())}
    config["users"][0]["user"] = {k: base64.b64encode(v).decode() for k, v in pem.items()}
    path.write_text(json.dumps(config))
    path.chmod(0o600)
    return path


def kubeconfig_variant(lab: LabUnderTest, path: Path, cluster: str, **changes) -> Path:
    """A copy of a cluster's admin kubeconfig with parts of another (the other cluster's CA, user) or a server."""
    config = json.loads((lab.state_dir / cluster / "admin.kubeconfig").read_text())
    other = json.loads((lab.state_dir / ("infra" if cluster == "tenant" else "tenant") / "admin.kubeconfig").read_text())
    if changes.get("other_user"):
        config["users"][0]["user"] = other["users"][0]["user"]
    if changes.get("other_ca"):
        config["clusters"][0]["cluster"]["certificate-authority-data"] = other["clusters"][0]["cluster"]["certificate-authority-data"]
    if changes.get("server"):
        config["clusters"][0]["cluster"]["server"] = changes["server"]
    path.write_text(json.dumps(config))
    path.chmod(0o600)
    return path


CHECK_TENANT = "Verify a cluster (reachable, version, every node Ready) - tenant"
CHECK_INFRA = "Verify a cluster (reachable, version, every node Ready) - infra"


def cluster_failure(runs: dict[str, Run], case: str) -> tuple[str, str]:
    run = runs[case]
    assert run.rc != 0 and run.changed == 0, run.output[-3000:]
    (failed,) = failures(run)
    return failed[0], message(failed[1])


def test_expired_credentials_are_named_with_the_cluster(runs):
    task, text = cluster_failure(runs, "expired-credentials")
    assert task == CHECK_TENANT
    assert "the tenant cluster (https://127.0.0.1:" in text
    assert "refused the credentials in ovnk_dpu_tenant_kubeconfig (401" in text
    assert "they are expired, revoked or another cluster's; put a current admin kubeconfig of that cluster there" in text


def test_the_other_clusters_credentials_are_refused(runs):
    task, text = cluster_failure(runs, "other-clusters-credentials")
    assert task == CHECK_TENANT and "refused the credentials in ovnk_dpu_tenant_kubeconfig (401" in text


def test_a_certificate_of_another_ca_is_named(runs):
    task, text = cluster_failure(runs, "certificate-of-another-ca")
    assert task == CHECK_TENANT
    assert "its certificate is not signed by the CA in ovnk_dpu_tenant_kubeconfig" in text
    assert "use that cluster's own kubeconfig" in text


def test_an_api_server_that_does_not_answer_is_named(lab, runs):
    task, text = cluster_failure(runs, "api-server-silent")
    assert task == CHECK_INFRA
    assert f"the infra cluster (https://127.0.0.1:{lab.port_base + 199}) is unreachable" in text
    assert "check that its API server is up and reachable from here, and the server address in ovnk_dpu_infra_kubeconfig" in text


def test_swapped_kubeconfigs_are_named_before_any_wait(runs):
    task, text = cluster_failure(runs, "kubeconfigs-swapped")
    assert task == CHECK_TENANT
    assert ("ovnk_dpu_tenant_kubeconfig reaches a cluster with the infra cluster's nodes (dpu-0, dpu-1): the two "
            "kubeconfigs are swapped or reach one cluster") in text


def test_the_same_cluster_under_two_addresses_is_named(runs):
    task, text = cluster_failure(runs, "same-cluster-two-addresses")
    assert task == CHECK_INFRA
    assert "ovnk_dpu_tenant_kubeconfig and ovnk_dpu_infra_kubeconfig reach the same cluster (kube-system namespace" in text


def test_a_cluster_older_than_the_minimum_is_named(runs):
    task, text = cluster_failure(runs, "cluster-too-old")
    assert task == CHECK_TENANT
    assert re.search(r"the tenant cluster runs Kubernetes v1\.\d+\.\d+; ovnk\.dpu needs 1\.99\.0 or newer", text)


def test_no_bad_input_changed_anything(lab, before, runs):
    # Runs after every case above (pytest keeps the file's order): each one failed before changing anything.
    assert snapshot.differences(before, snapshot.take(lab, DPUS)) == []
