from __future__ import annotations

import base64

from cryptography import x509

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import identity_cert


def test_issued_certificate_serves_localhost_and_chains_to_the_ca():
    data = identity_cert.issue(days=365)
    cert = x509.load_pem_x509_certificate(base64.b64decode(data["tls.crt"]))
    ca = x509.load_pem_x509_certificate(base64.b64decode(data["ca.crt"]))
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["localhost"]
    assert b"PRIVATE KEY" in base64.b64decode(data["tls.key"])
    assert 364 < identity_cert.days_left(data) <= 365


def test_missing_or_broken_secrets_are_issued_again():
    assert identity_cert.days_left({}) == -1
    data = identity_cert.issue(days=30)
    assert identity_cert.days_left({**data, "tls.crt": base64.b64encode(b"junk").decode()}) == -1
    assert identity_cert.days_left({"tls.crt": data["tls.crt"]}) == -1  # no CA
