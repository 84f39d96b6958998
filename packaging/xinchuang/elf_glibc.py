"""The newest glibc symbol version that any ELF file under a folder needs.

Reads each ELF's version-needs section (``readelf -V``: the ``GLIBC_x.y`` entries the dynamic
loader checks against the system's libc, libm, libpthread …) and prints the maximum, e.g.
``2.28``. ``--max 2.31`` fails (exit 1) when some file needs more, naming the files; ``-v``
lists every file with its own maximum. Used by ``packaging/build.sh xinchuang`` and
``packaging/test_xinchuang.sh``.

    python3 packaging/xinchuang/elf_glibc.py [--max X.Y] [-v] FOLDER
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

NEED = re.compile(r"Name: GLIBC_(\d+(?:\.\d+)+)\b")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> tuple[int, ...] | None:
    """The newest GLIBC_ version ``path`` needs, or None when it needs no versioned glibc symbol."""
    out = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True, text=True,
                         check=True).stdout
    part = out.split("Version needs section", 1)
    versions = [tuple(int(x) for x in m.group(1).split(".")) for m in NEED.finditer(part[1])] if len(part) > 1 else []
    return max(versions) if versions else None


def show(v: tuple[int, ...]) -> str:
    return ".".join(map(str, v))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--max", help="fail when a file needs a newer glibc than this (e.g. 2.31)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.folder.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))
    if not files:
        print(f"elf_glibc.py: no ELF files under {args.folder}", file=sys.stderr)
        return 2
    per_file = {p: needed(p) for p in files}
    found = [v for v in per_file.values() if v is not None]
    newest = max(found) if found else (0,)
    if args.verbose:
        for p, v in sorted(per_file.items(), key=lambda kv: kv[1] or (0,)):
            print(f"{show(v) if v else '-':>6}  {p.relative_to(args.folder)}", file=sys.stderr)
    print(f"{len(files)} ELF files, newest glibc needed: {show(newest)}", file=sys.stderr)
    if args.max:
        limit = tuple(int(x) for x in args.max.split("."))
        over = [p for p, v in per_file.items() if v is not None and v > limit]
        for p in over:
            print(f"  needs glibc {show(per_file[p])} > {args.max}: {p.relative_to(args.folder)}", file=sys.stderr)
        if over:
            return 1
    print(show(newest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
