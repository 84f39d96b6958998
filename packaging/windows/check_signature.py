"""Check the publisher's Authenticode signature on the embedded CPython's binaries.

    python check_signature.py "<expected signer subject>" FILE...

On Windows (the CI runner) PowerShell's Get-AuthenticodeSignature checks it fully. On Linux,
for each FILE, ``osslsigncode verify`` must show
  * the file's digest equal to the signed digest (the bytes are what the PSF signed), and
  * a primary signer whose certificate subject is exactly the expected one.

The chain check is allowed to fail, but only for lack of Microsoft's root: Windows trusts the
"Microsoft Identity Verification Root Certificate Authority 2020" (which issued the PSF's code
signing certificate and the timestamping CA), while Debian's CA store (ca-certificates, the web
PKI) does not carry it, so osslsigncode ends with "unable to get local issuer certificate" /
"self-signed certificate in certificate chain" and exit status 1. Any other error fails the
build. That is weaker than a chain check, which is why the downloaded archive's sha256 is
pinned too (pins.txt): the pin fixes the bytes, the signature says who made them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

ALLOWED_ERRORS = ("unable to get local issuer certificate",
                  "self-signed certificate in certificate chain")


def check(path: str, subject: str) -> str | None:
    r = subprocess.run(["osslsigncode", "verify", "-in", path], capture_output=True, text=True)
    out = r.stdout + r.stderr
    cur = re.search(r"Current message digest\s*:\s*([0-9A-F]+)", out)
    calc = re.search(r"Calculated message digest\s*:\s*([0-9A-F]+)", out)
    if not (cur and calc):
        return "no Authenticode signature found"
    if cur.group(1) != calc.group(1):
        return f"digest mismatch: signed {cur.group(1)}, file {calc.group(1)} (modified after signing)"
    signer = re.search(r"Signer's certificate:\s*-+\s*Signer #0:\s*Subject:\s*(.+)", out)
    if not signer or signer.group(1).strip() != subject:
        return f"signer is {signer.group(1).strip() if signer else '(none)'!r}, expected {subject!r}"
    if r.returncode != 0:
        errors = {m.strip() for m in re.findall(r"Verify error:\s*(.+)", out)}
        pattern = r"^\s*Error:\s*(?:Certificate not found in local repository:\s*)?(.+)$"
        errors |= {m.strip() for m in re.findall(pattern, out, re.M)}
        unexpected = sorted(e for e in errors if e not in ALLOWED_ERRORS)
        if unexpected or not errors:
            return "osslsigncode failed: " + ("; ".join(unexpected) or out.strip().splitlines()[-1])
    return None


def _rdn(subject: str) -> dict[str, str]:
    """'/C=US/O=X/CN=Y' or 'CN=Y, O=X, C=US' → {'C': 'US', 'O': 'X', 'CN': 'Y'}."""
    parts = subject.strip("/").split("/") if subject.startswith("/") else subject.split(", ")
    return dict(p.split("=", 1) for p in parts if "=" in p)


def check_windows(path: str, subject: str) -> str | None:
    """On Windows (the CI runner) the full check: Get-AuthenticodeSignature verifies the chain up
    to Microsoft's root, which Windows trusts; the signer must still be the expected subject."""
    ps = ("$s = Get-AuthenticodeSignature -LiteralPath $env:SIGFILE; "
          "Write-Output $s.Status; Write-Output $s.SignerCertificate.Subject")
    r = subprocess.run(["powershell", "-NoProfile", "-Command", ps], capture_output=True, text=True,
                       env={**os.environ, "SIGFILE": path})
    lines = [ln.strip() for ln in r.stdout.splitlines() if ln.strip()]
    if len(lines) < 2 or lines[0] != "Valid":
        return f"Authenticode status {lines[0] if lines else r.stderr.strip()!r}"
    want, got = _rdn(subject), _rdn(lines[1])
    if any(got.get(k) != v for k, v in want.items() if k in ("CN", "O", "C")):
        return f"signer is {lines[1]!r}, expected {subject!r}"
    return None


def main(argv: list[str]) -> int:
    subject, files = argv[0], argv[1:]
    bad = 0
    for f in files:
        err = check_windows(f, subject) if sys.platform == "win32" else check(f, subject)
        name = f.rsplit("/", 1)[-1]
        if err:
            print(f"SIGNATURE REFUSED {name}: {err}", file=sys.stderr)
            bad += 1
        else:
            how = ("chain verified by Windows" if sys.platform == "win32"
                   else "chain to Microsoft's root not checkable on Debian")
            print(f"signature ok: {name} signed by {subject.rsplit('CN=', 1)[-1]} ({how})")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
