"""Releases the county stages for its communities: installer files with the vendor's signed
manifest, kept under ``<county data>/releases``. Staging checks the file against the manifest
and the signature against the vendor keys the desktop also trusts, so a county mistake (wrong
file, edited manifest) is refused here rather than by every office PC."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from wuye_desktop.sync.releases import (
    Release,
    ReleaseError,
    read_manifest,
    sha256_file,
    verify_signature,
    version_key,
)


def releases_dir(data_dir: Path) -> Path:
    return data_dir / "releases"


def stage(artefact: Path, manifest: Path, data_dir: Path) -> Release:
    rel = read_manifest(manifest)
    if artefact.name != rel.filename:
        raise ReleaseError(f"安装包文件名“{artefact.name}”与版本说明中的“{rel.filename}”不一致。")
    if not artefact.is_file() or artefact.stat().st_size != rel.size or sha256_file(artefact) != rel.sha256:
        raise ReleaseError("安装包与版本说明不符（大小或校验值不同），可能下载不完整或被改动，未发布。")
    verify_signature(rel)
    d = releases_dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / (rel.filename + ".part")
    shutil.copyfile(artefact, tmp)
    tmp.replace(d / rel.filename)
    (d / (rel.filename + ".release.json")).write_text(
        json.dumps(rel.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    return rel


def staged(data_dir: Path) -> list[Release]:
    d = releases_dir(data_dir)
    out = []
    for m in sorted(d.glob("*.release.json")) if d.is_dir() else []:
        try:
            rel = read_manifest(m)
        except ReleaseError:
            continue
        if (d / rel.filename).is_file():
            out.append(rel)
    return out


def latest(data_dir: Path, platform: str) -> Release | None:
    rels = [r for r in staged(data_dir) if r.platform == platform]
    return max(rels, key=lambda r: version_key(r.version)) if rels else None


def file_of(data_dir: Path, filename: str) -> Path | None:
    """The staged file of that exact name (names come from manifests, never from the path)."""
    for r in staged(data_dir):
        if r.filename == filename:
            return releases_dir(data_dir) / r.filename
    return None
