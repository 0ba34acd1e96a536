# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnkube-identity webhook's serving certificate: a private CA and a certificate for
localhost (the API server calls the webhook at https://localhost:9443 on control-plane nodes),
as upstream's chart generates them, but kept across runs and renewed before expiry."""

from __future__ import annotations

import base64
import datetime

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError:  # pragma: no cover - reported through run_module's libraries
    x509 = None

HOSTNAME = "localhost"


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _certificate(subject: str, issuer: str, public_key, signing_key, days: int, ca: bool):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(public_key).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = (builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(HOSTNAME)]), critical=False)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    return builder.sign(signing_key, hashes.SHA256())


def issue(days: int) -> dict[str, str]:
    """A new CA and localhost serving certificate, as base64 Secret data (tls.crt, tls.key, ca.crt)."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("ovnkube-identity-webhook-ca", "ovnkube-identity-webhook-ca", ca_key.public_key(), ca_key,
                      days + 35, ca=True)
    cert = _certificate(HOSTNAME, "ovnkube-identity-webhook-ca", key.public_key(), ca_key, days, ca=False)
    pem = serialization.Encoding.PEM
    return {name: base64.b64encode(value).decode() for name, value in
            (("tls.crt", cert.public_bytes(pem)), ("tls.key", _pem_key(key)), ("ca.crt", ca.public_bytes(pem)))}


def days_left(data: dict[str, str]) -> float:
    """Days until the Secret's certificate expires; -1 if it is missing, unreadable or not for
    localhost, or the CA is missing (so it is issued again)."""
    try:
        cert = x509.load_pem_x509_certificate(base64.b64decode(data["tls.crt"]))
        x509.load_pem_x509_certificate(base64.b64decode(data["ca.crt"]))
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    except (KeyError, ValueError, x509.ExtensionNotFound):
        return -1
    if HOSTNAME not in names:
        return -1
    expiry = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after.replace(tzinfo=datetime.timezone.utc)
    left = expiry - datetime.datetime.now(datetime.timezone.utc)
    return left.total_seconds() / 86400
