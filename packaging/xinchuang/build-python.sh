#!/usr/bin/env bash
# Runs inside the Debian 11 (bullseye, glibc 2.31) build chroot of `packaging/build.sh xinchuang`:
# builds CPython 3.11 into $PREFIX from Debian 12's python3.11 source package — the upstream
# tarball plus only Debian's upstream fixes (security and crash patches); Debian's layout
# patches (dist-packages, multiarch, disabled ensurepip …) are left out, so this is a plain
# upstream-layout CPython that PyInstaller freezes like any other, needing no glibc above 2.28. apt verifies the source
# against the signed Sources index. No PGO/LTO: a CI-sized build (about 5 min on 2 cores).
set -euo pipefail
PREFIX="${1:?usage: build-python.sh PREFIX}"
export DEBIAN_FRONTEND=noninteractive
mirror="${WUYE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cat > /etc/apt/sources.list.d/bookworm-src.list <<SRC
deb-src $mirror bookworm main
deb-src ${mirror%/debian}/debian-security bookworm-security main
SRC
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential pkg-config ca-certificates xz-utils \
  libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev uuid-dev libncursesw5-dev \
  libreadline-dev libgdbm-dev >/dev/null
src=/tmp/cpython-src; rm -rf "$src"; mkdir -p "$src"; cd "$src"
# The newest fixes are in bookworm-security; a mirror that lists them without serving the files
# (measured here: deb12u9 listed, 404) falls back to the point release in bookworm.
if ! apt-get source -qq --download-only python3.11 >/tmp/source.log 2>&1; then
  echo "python3.11 from bookworm-security not served ($(grep -m1 -o '404.*' /tmp/source.log || tail -1 /tmp/source.log)); using bookworm" >&2
  rm -f ./*; sed -i '/security/d' /etc/apt/sources.list.d/bookworm-src.list; apt-get update -qq
  apt-get source -qq --download-only python3.11 >/dev/null
fi
orig="$(ls python3.11_*.orig.tar.*)"; debtar="$(ls python3.11_*.debian.tar.*)"
echo "CPython source: $orig + fixes from $debtar" >&2
tar -xf "$orig"; tar -xf "$debtar"
tree="$(find . -maxdepth 1 -type d -name 'Python-*' | head -1)"
# Debian's own patches come first in the series and change the layout; everything from the first
# upstream fix on is a backport. Those touching only tests that Debian's layout patches changed
# may not apply: a patch that fails to apply outside Lib/test is an error.
applying=0
while read -r p; do
  case "$p" in ''|'#'*) continue ;; esac
  case "$p" in shutdown-deadlock.diff) applying=1 ;; esac
  [ "$applying" = 1 ] || continue
  case "$p" in skip-xml-tests-*) continue ;; esac
  if ! patch -d "$tree" -p1 -s --forward --no-backup-if-mismatch < "debian/patches/$p" >/tmp/patch.log 2>&1; then
    rej="$(find "$tree" -name '*.rej' ! -path '*/Lib/test/*')"
    if [ -n "$rej" ] || ! grep -q 'saving rejects' /tmp/patch.log; then
      cat /tmp/patch.log >&2; echo "build-python.sh: $p does not apply" >&2; exit 1
    fi
    echo "  $p: only test hunks did not apply" >&2
  fi
done < debian/patches/series
cd "$tree"
# Debian builds pyexpat as a core module (its setup-modules patch); a backported fix includes an
# internal header there, which 3.11's setup.py build refuses without this define.
if grep -q '^#include "pycore_' Modules/pyexpat.c && ! grep -q Py_BUILD_CORE Modules/pyexpat.c; then
  sed -i '1i #ifndef Py_BUILD_CORE_MODULE\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
fi
# glibc 2.28 (UOS V20) as the floor although this system has 2.31: glibc 2.29 gave exp, exp2, log,
# log2 and pow new symbol versions (same ABI, new implementations), so every object is compiled
# bound to the old ones; sem_clockwait (2.30) is declared absent, as on 2.28 (CPython then
# uses sem_timedwait). packaging/xinchuang/elf_glibc.py checks the result.
cat > /tmp/glibc-2.28.h <<'H'
#if defined(__x86_64__) && !defined(__ASSEMBLER__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
H
./configure -q --prefix="$PREFIX" --enable-shared --with-ensurepip=install \
  CFLAGS="-include /tmp/glibc-2.28.h" ac_cv_func_sem_clockwait=no \
  LDFLAGS="-Wl,-rpath,$PREFIX/lib" >/dev/null
make -s -j"$(nproc)" >/tmp/make.log 2>&1 || { tail -40 /tmp/make.log >&2; exit 1; }
if grep -A3 'Failed to build these modules' /tmp/make.log >&2; then exit 1; fi
make -s install >/tmp/install.log 2>&1 || { tail -40 /tmp/install.log >&2; exit 1; }
"$PREFIX/bin/python3.11" -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid, readline, pyexpat, _decimal, _hashlib; print("built", __import__("sys").version)'
