# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificates and kubeconfigs for the lab's control planes.

One CA per cluster, so a credential of one cluster is worthless on the other.
ECDSA P-256 keys keep generation fast.
Private keys and kubeconfigs are written 0600 in 0700 directories.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    x509 = None

VALIDITY = datetime.timedelta(days=3650)


@dataclass(frozen=True)
class ClientIdentity:
    """Who a kubeconfig authenticates as."""

    file_stem: str
    common_name: str
    organization: str | None = None


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file 0600 from the start (no window where it is world-readable), in a 0700 directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _new_key() -> "ec.EllipticCurvePrivateKey":
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _name(common_name: str, organization: str | None = None) -> "x509.Name":
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attrs.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attrs)


def _builder(subject, issuer, public_key) -> "x509.CertificateBuilder":
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
    )


class ClusterPKI:
    """The CA of one lab cluster, and the certificates it issues."""

    def __init__(self, directory: Path, cluster: str) -> None:
        self.directory = directory
        self.cluster = cluster
        self.ca_cert_path = directory / "ca.crt"
        self.ca_key_path = directory / "ca.key"
        self.sa_key_path = directory / "service-account.key"
        self.sa_pub_path = directory / "service-account.pub"
        self.serving_cert_path = directory / "apiserver.crt"
        self.serving_key_path = directory / "apiserver.key"

    def exists(self) -> bool:
        return all(
            p.exists()
            for p in (self.ca_cert_path, self.ca_key_path, self.sa_key_path, self.serving_cert_path)
        )

    def ensure(self, serving_ips: list[str]) -> bool:
        """Create the CA, service-account keys and serving certificate once. True if created."""
        if self.exists():
            return False
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        ca_key = _new_key()
        ca_name = _name(f"ovnk-dpu-lab-{self.cluster}-ca")
        ca_cert = (
            _builder(ca_name, ca_name, ca_key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(ca_key, hashes.SHA256())
        )
        write_private(self.ca_key_path, _key_pem(ca_key))
        self.ca_cert_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))

        sa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        write_private(self.sa_key_path, _key_pem(sa_key))
        self.sa_pub_path.write_bytes(
            sa_key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        self._write_serving_cert(serving_ips)
        return True

    def _load_ca(self):
        cert = x509.load_pem_x509_certificate(self.ca_cert_path.read_bytes())
        key = serialization.load_pem_private_key(self.ca_key_path.read_bytes(), password=None)
        return cert, key

    def _issue(self, subject, public_key, usage, sans=None) -> bytes:
        ca_cert, ca_key = self._load_ca()
        builder = (
            _builder(subject, ca_cert.subject, public_key)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        )
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)

    def _write_serving_cert(self, serving_ips: list[str]) -> None:
        key = _new_key()
        dns = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
               "kubernetes.default.svc.cluster.local"]
        sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(ip)) for ip in serving_ips]
        cert = self._issue(_name("kube-apiserver"), key.public_key(), ExtendedKeyUsageOID.SERVER_AUTH, sans)
        write_private(self.serving_key_path, _key_pem(key))
        self.serving_cert_path.write_bytes(cert)

    def ensure_kubeconfig(self, path: Path, identity: ClientIdentity, server_url: str) -> bool:
        """Write a kubeconfig with an embedded client certificate, once. True if written."""
        if path.exists():
            return False
        key = _new_key()
        cert = self._issue(
            _name(identity.common_name, identity.organization),
            key.public_key(),
            ExtendedKeyUsageOID.CLIENT_AUTH,
        )
        write_private(path, render_kubeconfig(
            cluster=f"ovnk-dpu-lab-{self.cluster}",
            server_url=server_url,
            ca_pem=self.ca_cert_path.read_bytes(),
            user=identity.common_name,
            client_cert_pem=cert,
            client_key_pem=_key_pem(key),
        ))
        return True


def render_kubeconfig(
    cluster: str, server_url: str, ca_pem: bytes, user: str, client_cert_pem: bytes, client_key_pem: bytes
) -> bytes:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": cluster, "cluster": {"server": server_url, "certificate-authority-data": b64(ca_pem)}}],
        "users": [{"name": user, "user": {
            "client-certificate-data": b64(client_cert_pem),
            "client-key-data": b64(client_key_pem),
        }}],
        "contexts": [{"name": cluster, "context": {"cluster": cluster, "user": user}}],
        "current-context": cluster,
    }
    # JSON is YAML: every kubeconfig reader takes it, and it needs no YAML library.
    return json.dumps(config, indent=2).encode("utf-8")
