#!/usr/bin/env python3
"""Generator of tests/vectors/pseudonym_v1.json: piiscrub pseudonym spec v1, computed
independently of the Rust code with Python's standard library only (hmac, hashlib,
base64, ipaddress, urllib). The spec is docs/pseudonymization.md.

    python3 tests/vectors/pseudonym_v1.py > tests/vectors/pseudonym_v1.json

tests/pseudonym.rs checks the Rust implementation against the JSON file.
"""
import base64
import hashlib
import hmac
import ipaddress
import json
import re
import sys
import urllib.parse

KEYS = {
    # 32 bytes: the spec's own check vector key.
    "k32": bytes(range(32)),
    # 48 bytes: longer keys are used whole.
    "k48": bytes(range(0x20, 0x50)),
    # 64 bytes.
    "k64": hashlib.sha512(b"piiscrub pseudonym v1 test key").digest(),
}


def b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=").lower()


def kid(key: bytes) -> str:
    return b32(hmac.new(key, b"piiscrub:v1:kid", hashlib.sha256).digest())[:8]


def token(key: bytes, domain: str, canonical: str) -> str:
    msg = b"piiscrub:v1\x00" + domain.encode() + b"\x00" + canonical.encode()
    return b32(hmac.new(key, msg, hashlib.sha256).digest()[:16])


def canon_email(v: str) -> str:
    if "@" not in v:  # found percent-encoded: decode every %XX first
        v = urllib.parse.unquote_to_bytes(v).decode("utf-8", "replace")
    return v.lower()


def canon_ipv4(v: str) -> str:
    return ".".join(str(int(p)) for p in v.split("."))


def canon_ipv6(v: str):
    """Returns (canonical, domain override)."""
    a = ipaddress.IPv6Address(v.split("%")[0])
    if a.ipv4_mapped is not None:
        return str(a.ipv4_mapped), "ipv4"
    return a.compressed, None


def canon_phone(v: str, cc=None) -> str:
    v = re.split(r"[A-Za-z;]", v, maxsplit=1)[0]  # the extension is dropped
    intl = v.lstrip(" (").startswith("+")
    d = re.sub(r"\D", "", v.replace("(0)", ""))
    if intl:
        return "+" + d
    if d.startswith("00"):
        return "+" + d[2:]
    if cc is None:
        return d
    if cc == "1" and len(d) == 11 and d.startswith("1"):
        d = d[1:]
    elif cc != "39" and d.startswith("0"):
        d = d[1:]
    return "+" + cc + d


def canon(kind: str, v: str, cc=None, lowercase=False):
    if kind == "email":
        return canon_email(v), None
    if kind == "ipv4":
        return canon_ipv4(v), None
    if kind == "ipv6":
        return canon_ipv6(v)
    if kind == "phone":
        return canon_phone(v, cc), None
    if kind in ("card", "ssn", "imei"):
        return re.sub(r"\D", "", v), None
    if kind == "iban":
        return re.sub(r"[ \t-]", "", v).upper(), None
    if kind == "uuid":
        h = re.sub(r"[^0-9a-fA-F]", "", v).lower()
        return "-".join([h[:8], h[8:12], h[12:16], h[16:20], h[20:]]), None
    if kind == "mac":
        h = re.sub(r"[^0-9a-fA-F]", "", v).lower()
        return ":".join(h[i:i + 2] for i in range(0, 12, 2)), None
    # custom detectors and field values: exact, unless `lowercase`
    return (v.lower() if lowercase else v), None


# (key, kind, input, domain or None, default country or None, lowercase)
CASES = [
    ("k32", "email", "Alice@Example.com", None, None, False),
    ("k32", "email", "alice%40example.com", None, None, False),
    ("k32", "email", "Jörg@Bücher.DE", None, None, False),
    ("k48", "email", "First.Last+news@Sub.Example.CO.UK", None, None, False),
    ("k64", "email", "bob@example.org", "user", None, False),
    ("k32", "ipv4", "198.51.100.23", None, None, False),
    ("k48", "ipv4", "010.001.002.003", None, None, False),
    ("k32", "ipv6", "2001:DB8:0:0:0:0:0:1", None, None, False),
    ("k32", "ipv6", "fe80::1%eth0", None, None, False),
    ("k64", "ipv6", "::ffff:198.51.100.23", None, None, False),
    ("k32", "phone", "+44 (0)20 7946 0958", None, None, False),
    ("k32", "phone", "0044 20 7946 0958", None, None, False),
    ("k32", "phone", "020 7946 0958", None, None, False),
    ("k32", "phone", "020 7946 0958", None, "44", False),
    ("k48", "phone", "(415) 555-2671", None, "1", False),
    ("k48", "phone", "+1 (415) 555-2671 ext. 123", None, None, False),
    ("k32", "card", "4111 1111 1111 1111", None, None, False),
    ("k64", "card", "5500-0000-0000-0004", None, None, False),
    ("k32", "ssn", "123-45-6789", None, None, False),
    ("k48", "imei", "49-015420-323751-8", None, None, False),
    ("k32", "iban", "DE89 3704 0044 0532 0130 00", None, None, False),
    ("k64", "iban", "GB82 WEST 1234 5698 7654 32", None, None, False),
    ("k32", "uuid", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", None, None, False),
    ("k32", "mac", "00-1A-2B-3C-4D-5E", None, None, False),
    ("k48", "mac", "00:1a:2b:3c:4d:5e", "device", None, False),
    ("k32", "custom", "EMP-123456", "employee-id", None, False),
    ("k64", "custom", "User-42", "user-id", None, True),
]


def main():
    vectors = []
    for key_name, kind, inp, domain, cc, lower in CASES:
        key = KEYS[key_name]
        c, override = canon(kind, inp, cc, lower)
        d = domain or override or (kind if kind != "custom" else None)
        tok = token(key, d, c)
        r = {
            "plain": f"{d}_{tok}",
            "tag_kid": f"{d}_{kid(key)}_{tok}",
        }
        if kind == "email":
            r["keep_domain"] = f"{tok}@{c.rsplit('@', 1)[1]}"
            r["email_shaped"] = f"{tok}@pseudonym.invalid"
        v = {
            "key": key.hex(),
            "kid": kid(key),
            "kind": kind,
            "domain": d,
            "input": inp,
            "canonical": c,
            "token": tok,
            "output": r["plain"],
            "renderings": r,
        }
        if domain:
            v["rule_domain"] = domain
        if cc:
            v["default_country"] = cc
        if lower:
            v["lowercase"] = True
        vectors.append(v)
    doc = {
        "spec": "piiscrub pseudonym v1 (docs/pseudonymization.md)",
        "generator": "tests/vectors/pseudonym_v1.py (Python standard library only)",
        "vectors": vectors,
    }
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
