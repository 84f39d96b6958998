"""Translations: the .ts is complete and in step with the sources; --lang en shows English."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from wuye_desktop import i18n_build

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "wuye_zh_CN.ts"
SOURCES = i18n_build.sources()


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name") or "", m.findtext("source") or "")
            for c in root.iter("context") for m in c.iter("message")}


def _lupdate() -> str:
    here = Path(i18n_build.lrelease_exe()).parent
    return str(here / Path(i18n_build.lrelease_exe()).name.replace("lrelease", "lupdate"))


def test_no_unfinished_or_empty_translations() -> None:
    root = ET.parse(TS).getroot()
    bad = []
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            text = "".join(tr.itertext()).strip()
            if tr.get("type") in ("unfinished", "obsolete", "vanished") or not text:
                bad.append((ctx.findtext("name"), m.findtext("source")))
    assert not bad, f"untranslated: {bad}"


def test_ts_matches_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_lupdate(), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "zh_CN",
                    *map(str, SOURCES), "-ts", str(fresh)], check=True)
    in_code, in_ts = _messages(fresh), _messages(TS)
    assert in_code, "lupdate found no strings"
    hint = "run: python -m wuye_desktop.i18n_build --update, then translate the new entries"
    assert in_code - in_ts == set(), f"strings in code missing from the .ts; {hint}"
    assert in_ts - in_code == set(), f"stale strings in the .ts; {hint}"


def test_compiled_translation_and_qt_catalogue_load(tmp_path: Path) -> None:
    (qm,) = i18n_build.build(qm_dir=tmp_path)
    t = QTranslator()
    assert t.load(str(qm))
    assert t.translate("MainWindow", "&New") == "新建(&N)"
    qt = QTranslator()
    assert qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert qt.translate("QPlatformTheme", "Cancel") == "取消"


def test_rebuild_replaces_the_file_a_running_app_has_mapped(tmp_path: Path) -> None:
    # QTranslator maps the .qm; rewriting it in place under a running app (another test
    # worker's set-up) killed that app with SIGBUS. A rebuild swaps in a new file instead.
    ts_dir = tmp_path / "ts"
    ts_dir.mkdir()
    ts = ts_dir / TS.name
    ts.write_text(TS.read_text(encoding="utf-8"), encoding="utf-8")
    (qm,) = i18n_build.build(ts_dir=ts_dir, qm_dir=tmp_path / "qm")
    assert oct(qm.stat().st_mode & 0o777) == oct(0o644)
    mapped = QTranslator()
    assert mapped.load(str(qm))
    inode = qm.stat().st_ino
    (again,) = i18n_build.build(ts_dir=ts_dir, qm_dir=tmp_path / "qm")
    assert again.stat().st_ino == inode, "an unchanged translation was rewritten"
    ts.write_text(ts.read_text(encoding="utf-8").replace("新建(&amp;N)", "新建一项(&amp;N)"), encoding="utf-8")
    i18n_build.build(ts_dir=ts_dir, qm_dir=tmp_path / "qm")
    assert qm.stat().st_ino != inode, "a changed translation was rewritten in place"
    assert mapped.translate("MainWindow", "&New") == "新建(&N)"  # the old mapping still reads
    fresh = QTranslator()
    assert fresh.load(str(qm))
    assert fresh.translate("MainWindow", "&New") == "新建一项(&N)"
    assert sorted(p.name for p in (tmp_path / "qm").iterdir()) == [qm.name]  # no temporary left


def test_interface_is_chinese_by_default() -> None:
    assert QCoreApplication.translate("RegisterScreens", "Estates") == "小区"


def test_lang_en_shows_english_sources(tmp_path: Path) -> None:
    # A fresh process: translators are per application, and ours is Chinese.
    code = ("import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from wuye_desktop.app import make_application;"
            "from PySide6.QtCore import QCoreApplication as C;"
            "make_application(lang='en');"
            "print(C.translate('RegisterScreens','Estates'), C.translate('MainWindow','&New'))")
    out = subprocess.run([__import__("sys").executable, "-c", code], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "Estates &New"
