"""The frozen bundle's choice of input method (packaging/entry.py): on an fcitx5 desktop Qt's
ibus plugin is used through fcitx5's IBus portal, since the Qt wheels have no fcitx plugin.
The real thing — pinyin typed into the app's own window under Xvfb — is
packaging/test_input_method.sh."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("wuye_bundle_entry", ROOT / "packaging" / "entry.py")
assert spec is not None and spec.loader is not None
entry = importlib.util.module_from_spec(spec)
spec.loader.exec_module(entry)


def fake_proc(tmp_path: Path, *names: str) -> Path:
    proc = tmp_path / "proc"
    (proc / "self").mkdir(parents=True)
    for pid, name in enumerate(names, start=100):
        (proc / str(pid)).mkdir()
        (proc / str(pid) / "comm").write_text(name + "\n")
    return proc


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    d = tmp_path / "platforminputcontexts"
    d.mkdir()
    (d / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    (d / "libcomposeplatforminputcontextplugin.so").write_bytes(b"")
    return d


@pytest.mark.parametrize("asked", [None, "fcitx", "fcitx5"])
def test_fcitx5_running_without_a_fcitx_plugin_uses_ibus_through_the_portal(
        tmp_path: Path, plugins: Path, asked: str | None) -> None:
    env = {} if asked is None else {"QT_IM_MODULE": asked}
    assert entry.chinese_input(env, plugins, fake_proc(tmp_path, "bash", "fcitx5", "Xorg"))
    assert env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


def test_left_alone_when_ibus_is_chosen_or_no_fcitx5_runs_or_qt_has_a_fcitx_plugin(
        tmp_path: Path, plugins: Path) -> None:
    with_fcitx5 = fake_proc(tmp_path / "a", "fcitx5")
    env = {"QT_IM_MODULE": "ibus"}
    assert not entry.chinese_input(env, plugins, with_fcitx5)
    assert env == {"QT_IM_MODULE": "ibus"}

    env = {"QT_IM_MODULE": "fcitx"}  # another user's fcitx5 is not this session's
    assert not entry.chinese_input(env, plugins, with_fcitx5, uid=os.getuid() + 1)
    assert env == {"QT_IM_MODULE": "fcitx"}

    env = {"QT_IM_MODULE": "fcitx"}  # fcitx 4 has no IBus frontend: nothing to switch to
    assert not entry.chinese_input(env, plugins, fake_proc(tmp_path / "b", "fcitx", "bash"))
    assert env == {"QT_IM_MODULE": "fcitx"}

    (plugins / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    env = {"QT_IM_MODULE": "fcitx"}
    assert not entry.chinese_input(env, plugins, with_fcitx5)
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_a_chosen_portal_setting_is_kept(tmp_path: Path, plugins: Path) -> None:
    env = {"QT_IM_MODULE": "fcitx", "IBUS_USE_PORTAL": "0"}
    assert entry.chinese_input(env, plugins, fake_proc(tmp_path, "fcitx5"))
    assert env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "0"}
