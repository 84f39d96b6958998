"""One user-error family: every error a person can cause or fix is a ``UserError``, and the
command line turns it into exit 1 while anything else is a bug (exit 3, a crash report)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import wuye_county
import wuye_desktop
from wuye_desktop.__main__ import main
from wuye_desktop.cli import EXIT_BUG, EXIT_DATA, EXIT_USAGE
from wuye_desktop.domain.errors import Cancelled, UserError

SRC = Path(__file__).resolve().parents[2] / "src"

#: exception classes that are not the user's to fix, and why (a new one must be added here or
#: derive from UserError / Cancelled: the test below fails until it is classified)
BUGS = {
    "wuye_desktop.storage.outbox.HardDeleteError":
        "a synced row deleted by code instead of tombstoned: our bug",
    "wuye_desktop.services.transfer._Rollback": "control flow inside the dry-run transaction",
}

#: user errors that keep ValueError as a second base, and the callers that rely on it (none since
#: the screens catch UserError)
VALUE_ERRORS: dict[str, str] = {}


def _our_modules() -> list[str]:
    names = []
    for pkg in (wuye_desktop, wuye_county):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            names.append(info.name)
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _our_modules():
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == name:
                found[f"{name}.{obj.__qualname__}"] = obj
    return found


def test_every_error_class_of_ours_is_a_user_error_a_cancellation_or_a_listed_bug() -> None:
    classes = _exception_classes()
    # The walk reaches every layer (a broken walk would pass vacuously).
    for expected in ("wuye_desktop.storage.errors.DiskFull",
                     "wuye_desktop.storage.tabular.errors.HeaderError",
                     "wuye_desktop.storage.tabular.cells.CellError",
                     "wuye_desktop.services.registers.DuplicateRecord",
                     "wuye_desktop.domain.inspections.InspectionError",
                     "wuye_desktop.domain.templates.TemplateInvalid",
                     "wuye_desktop.printing.templates.TemplateError",
                     "wuye_desktop.printing.templates.PrintCancelled",
                     "wuye_desktop.services.photos.PhotoError",
                     "wuye_desktop.sync.client.DeviceRevoked",
                     "wuye_desktop.sync.releases.ReleaseError",
                     "wuye_desktop.secrets.SecretStoreUnavailable",
                     "wuye_desktop.services.transfer.PlanOutdated",
                     "wuye_desktop.services.workers.WorkerNameInvalid",
                     "wuye_county.auth.AuthError",
                     "wuye_county.provision.ProvisionError"):
        assert expected in classes
    unclassified = sorted(name for name, cls in classes.items()
                          if not issubclass(cls, UserError | Cancelled) and name not in BUGS)
    assert unclassified == [], ("derive these from domain.errors.UserError (the user can fix "
                                "it) or Cancelled, or list them in BUGS with the reason")
    assert all(not issubclass(classes[n], UserError) for n in BUGS if n in classes)
    # A cancellation is never shown as an error.
    assert not issubclass(classes["wuye_desktop.printing.templates.PrintCancelled"], UserError)
    assert not issubclass(classes["wuye_desktop.services.transfer.Cancelled"], UserError)


def test_value_error_is_kept_only_where_a_caller_relies_on_it() -> None:
    kept = sorted(n for n, cls in _exception_classes().items()
                  if issubclass(cls, UserError) and ValueError in cls.__bases__)
    assert kept == sorted(VALUE_ERRORS)


#: a raise of a builtin exception with Chinese text: a user's message in a bug's clothing
_CHINESE_BUILTIN_RAISE = re.compile(
    r"raise (?:ValueError|RuntimeError|Exception|TypeError|KeyError)\(f?[\"'][^\"']*[\u4e00-\u9fff]")


def test_no_chinese_message_is_raised_as_a_builtin_exception() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _CHINESE_BUILTIN_RAISE.search(line):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert found == [], "raise a UserError subclass for a message meant for a person"
    assert _CHINESE_BUILTIN_RAISE.search('raise ValueError("请填写姓名")')
    assert not _CHINESE_BUILTIN_RAISE.search('raise ValueError(f"unknown mode {m!r}")')


def test_message_hint_and_str() -> None:
    plain = UserError("磁盘已满。")
    assert str(plain) == "磁盘已满。" and plain.with_hint() == "磁盘已满。" and plain.args == ("磁盘已满。",)
    told = UserError("磁盘已满。", hint="请清理磁盘后重试。")
    assert str(told) == "磁盘已满。" and told.with_hint() == "磁盘已满。\n请清理磁盘后重试。"

    class Refused(UserError):
        hint = "请联系县住建部门。"

    assert Refused("不行。").with_hint() == "不行。\n请联系县住建部门。"
    assert Refused("不行，请联系县住建部门。").with_hint() == "不行，请联系县住建部门。"  # not twice


# --- the command line: exit 1 for the user's problem, 3 for a bug ------------------------------


def _worker_command(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    from wuye_desktop.cli import history

    def failing(_args: object, _paths: object) -> int:
        raise exc

    monkeypatch.setattr(history, "cmd_worker", failing)


def test_a_user_error_exits_1_with_message_and_hint(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _worker_command(monkeypatch, UserError("照片文件已损坏。", hint="请重新拍照后再添加。"))
    assert main(["--data-dir", str(tmp_path), "worker"]) == EXIT_DATA
    err = capsys.readouterr().err
    assert err == "照片文件已损坏。\n请重新拍照后再添加。\n"
    assert not (tmp_path / "logs").exists() or not list((tmp_path / "logs").glob("crash-*"))


def test_a_real_user_error_from_a_command_exits_1(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    code = main(["--data-dir", str(tmp_path), "worker", " "])
    assert code == EXIT_DATA and "请填写工作人员姓名" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code = main(["--data-dir", str(tmp_path), "templates", "import", str(bad)])
    assert code == EXIT_DATA and "Traceback" not in capsys.readouterr().err


def test_a_bug_exits_3_with_one_line_and_a_crash_report(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _worker_command(monkeypatch, RuntimeError("a bug in a command"))
    assert main(["--data-dir", str(tmp_path), "worker"]) == EXIT_BUG
    err = capsys.readouterr().err
    reports = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(reports) == 1
    assert "程序内部出错" in err and str(reports[0]) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a command" in text and "wuye-desktop" in text


def test_a_cancellation_and_a_file_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _worker_command(monkeypatch, Cancelled())
    assert main(["--data-dir", str(tmp_path), "worker"]) == EXIT_USAGE
    assert "已取消" in capsys.readouterr().err
    _worker_command(monkeypatch, PermissionError(13, "Permission denied", "台账.xlsx"))
    assert main(["--data-dir", str(tmp_path), "worker"]) == EXIT_DATA
    assert "台账.xlsx" in capsys.readouterr().err


def test_the_county_command_line_splits_the_same_way(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from wuye_county import __main__ as county_cli

    monkeypatch.setenv("WUYE_COUNTY_DATA", str(tmp_path / "county"))
    monkeypatch.setenv("WUYE_COUNTY_DB", f"sqlite:///{tmp_path / 'county.sqlite3'}")
    bad = tmp_path / "templates.json"
    bad.write_text("[{\"kind\": \"notice\"}]", encoding="utf-8")
    assert county_cli.main(["templates", "publish", str(bad)]) == EXIT_DATA
    assert "name" in capsys.readouterr().err

    def boom(_a: object) -> int:
        raise KeyError("bug")

    monkeypatch.setattr(county_cli, "cmd_init", boom)
    assert county_cli.main(["init"]) == EXIT_BUG
    err = capsys.readouterr().err
    reports = list((tmp_path / "county" / "logs").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    assert "wuye-county" in reports[0].read_text(encoding="utf-8")


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`wuye-desktop complaints list | head -3`: the reader going away is not a file problem."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from wuye_desktop.failures import run_command\n"
            "def cmd():\n    print('第一行', flush=True)\n    raise BrokenPipeError(32, 'Broken pipe')\n"
            f"sys.exit(run_command(cmd, Path({str(tmp_path)!r})))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stderr == "" and "第一行" in r.stdout
    assert not list(tmp_path.glob("crash-*"))
