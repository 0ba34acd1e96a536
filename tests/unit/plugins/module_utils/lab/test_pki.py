from __future__ import annotations

import base64
import stat

import json
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.pki import ClientIdentity, ClusterPKI


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
    return cert.issuer == ca.subject


def test_ca_and_serving_certificate(tmp_path):
    pki = ClusterPKI(tmp_path / "pki", "tenant")
    assert pki.ensure(["127.0.0.1", "10.96.0.1"]) is True
    assert pki.ensure(["127.0.0.1"]) is False  # created once
    ca = x509.load_pem_x509_certificate(pki.ca_cert_path.read_bytes())
    serving = x509.load_pem_x509_certificate(pki.serving_cert_path.read_bytes())
    assert _signed_by(serving, ca)
    sans = serving.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in sans.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "10.96.0.1"}
    assert "kubernetes.default.svc" in sans.get_values_for_type(x509.DNSName)
    for secret in (pki.ca_key_path, pki.sa_key_path, pki.serving_key_path):
        assert _mode(secret) == 0o600
    assert _mode(pki.directory) == 0o700


def test_kubeconfig_carries_a_client_identity_and_is_private(tmp_path):
    pki = ClusterPKI(tmp_path / "pki", "infra")
    pki.ensure(["127.0.0.1"])
    path = tmp_path / "node.kubeconfig"
    identity = ClientIdentity("node", "system:node:dpu-0", "system:nodes")
    assert pki.ensure_kubeconfig(path, identity, "https://127.0.0.1:16543") is True
    assert pki.ensure_kubeconfig(path, identity, "https://127.0.0.1:16543") is False
    assert _mode(path) == 0o600
    config = json.loads(path.read_text())
    assert config["clusters"][0]["cluster"]["server"] == "https://127.0.0.1:16543"
    cert = x509.load_pem_x509_certificate(base64.b64decode(config["users"][0]["user"]["client-certificate-data"]))
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "system:node:dpu-0"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "system:nodes"
    usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in usages
    assert _signed_by(cert, x509.load_pem_x509_certificate(pki.ca_cert_path.read_bytes()))


def test_each_cluster_has_its_own_ca(tmp_path):
    tenant, infra = ClusterPKI(tmp_path / "t", "tenant"), ClusterPKI(tmp_path / "i", "infra")
    tenant.ensure(["127.0.0.1"])
    infra.ensure(["127.0.0.1"])
    assert tenant.ca_cert_path.read_bytes() != infra.ca_cert_path.read_bytes()
