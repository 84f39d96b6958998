"""``wuye-desktop import``: the preview, the mapping, and only then the write.

``--dry-run`` prints the plan and every problem and writes nothing (``--json`` for a machine);
``--yes`` writes; ``--mapping FILE.json`` reads the file with a mapping a county handed out or
another office saved; ``--save-mapping FILE.json`` writes the mapping the plan was read with
(the one the GUI remembered for files with these headers, or the one given), to hand out.
Near-duplicate groups are decided one by one with ``--merge KEY`` / ``--keep KEY`` (the keys
the preview prints), over the mapping file's ``duplicates`` and ``--duplicates``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..domain.duplicates import ASK, KEEP, MERGE
from ..domain.fields import KIND_ALIASES
from ..domain.import_mapping import ImportMapping, MappingFileError
from ..paths import AppPaths
from ..services.transfer import ImportPlan, format_value
from . import EXIT_DATA, EXIT_OK, EXIT_USAGE
from .common import services_for


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help="以JSON输出预览（行、变化、问题、列和值的对应），供程序读取")
    p.add_argument("--mapping", type=Path, default=None, metavar="FILE.json",
                   help="按对应文件读取（工作表用途、列对应字段、值对应选项）")
    p.add_argument("--save-mapping", type=Path, default=None, metavar="FILE.json",
                   help="把本次使用的对应（含界面为同样表头记住的对应）保存到文件，便于分发")
    p.add_argument("--two-names", action="store_true",
                   help="确认：楼长一格写两个姓名（如“林冬梅、曾淑兰”）时登记为同一楼栋的两位楼长")
    p.add_argument("--duplicates", choices=("ask", "merge"), default="ask",
                   help="疑似重复的行（如同一小区写作“1#”和“1号楼”的楼栋）：ask 列出并拒绝导入，"
                        "待逐组选择（默认；用 --merge/--keep 逐组决定）；merge 把未决定的组全部合并为一行"
                        "（后面的非空值补充前面的）")
    p.add_argument("--merge", action="append", default=[], metavar="键",
                   help="把这一组疑似重复的行合并为一行（键见预览，须带引号；可重复使用）")
    p.add_argument("--keep", action="append", default=[], metavar="键",
                   help="这一组疑似重复的行分别保留（键见预览，须带引号；可重复使用）")


def load_mapping(path: Path) -> ImportMapping:
    """A mapping file, refused in Chinese naming what is wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MappingFileError(f"无法读取对应文件“{path}”：{exc.strerror or exc}。") from None
    return ImportMapping.from_json(text, f"对应文件“{path.name}”")


def unknown_keys(plan: ImportPlan, keys: list[str]) -> str:
    """Why ``--merge``/``--keep`` keys that name no group of this file are refused ("" if none
    is): a mistyped key would otherwise leave its group asked, or a stale one decide nothing."""
    known = {g.key for g in plan.duplicates}
    unknown = [k for k in keys if k not in known]
    if not unknown or plan.report.fatal:
        return ""
    listed = "、".join(f"“{k}”" for k in unknown)
    there = ("本文件的疑似重复组：" + "、".join(f"“{g.key}”" for g in plan.duplicates)
             if plan.duplicates else "本文件没有疑似重复的行")
    return (f"没有写入任何数据：--merge/--keep 给出的键{listed}不是本文件的疑似重复组。{there}。"
            "请从预览（--dry-run）中复制键。")


def saved_mapping(plan: ImportPlan) -> ImportMapping:
    """The mapping to hand out: the plan's, with the decision each group of this file got (also
    those that ``--duplicates merge`` decided), so the file imports the same way again."""
    return replace(plan.mapping,
                   duplicates={g.key: g.decision for g in plan.duplicates if g.decision != ASK})


def plan_dict(plan: ImportPlan) -> dict[str, Any]:
    """The plan as plain JSON data."""
    return {
        "file": str(plan.report.path), "kind": plan.kind, "ok": plan.ok,
        "fatal": plan.report.fatal, "writes": plan.writes,
        "signature": plan.signature, "remembered": plan.remembered,
        "mapping": plan.mapping.to_dict(), "sheets": plan.sheets, "columns": plan.headers,
        "values": plan.value_guesses,
        "entries": [{"kind": e.kind, "sheet": e.sheet, "row": e.row, "key": e.key,
                     "action": e.action,
                     "changes": [{"field": c.field, "label": c.label, "old": format_value(c.old),
                                  "new": format_value(c.new)} for c in e.changes]}
                    for e in plan.entries],
        "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message,
                      "severity": p.severity, "text": p.text()} for p in plan.report.problems],
        "blacklisted": [{"sheet": b.sheet, "row": b.row, "estate": b.estate, "company": b.company}
                        for b in plan.blacklisted],
        "duplicates": [{"key": g.key, "kind": g.kind, "label": g.label, "text": g.text(),
                        "rows": [{"sheet": s, "row": r} for s, r in g.rows],
                        "register": g.register, "decision": g.decision,
                        "keep_allowed": not g.keep_refused, "keep_refused": g.keep_refused,
                        "conflicts": [{"field": c.field, "values": list(c.values), "kept": c.kept}
                                      for c in g.conflicts]}
                       for g in plan.duplicates],
        "confirmations": [{"sheet": c.sheet, "row": c.row, "text": c.text}
                          for c in plan.confirmations],
    }


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = "all" if args.kind in ("all", "全部") else KIND_ALIASES.get(args.kind)
    if kind is None:
        from .registers import _kind

        kind = _kind(args.kind, allow_all=True)  # says what is allowed and exits
    if args.dry_run and args.yes:
        print("--dry-run（只预览）与 --yes（写入）不能同时使用，请只选一个。", file=sys.stderr)
        return EXIT_USAGE
    both = sorted(set(args.merge) & set(args.keep))
    if both:
        print(f"同一组不能既合并又分别保留：{'、'.join(f'“{k}”' for k in both)}。请只用 --merge 或"
              " --keep 中的一个。", file=sys.stderr)
        return EXIT_USAGE
    decisions = {**{k: MERGE for k in args.merge}, **{k: KEEP for k in args.keep}}
    mapping = load_mapping(args.mapping) if args.mapping else None
    with services_for(paths) as svc:
        if svc.registers.community() is None:
            print("请先登记本社区：wuye-desktop init --community-code 代码 --name 名称", file=sys.stderr)
            return EXIT_DATA
        plan = svc.transfer.preview(
            kind, args.file, blank_clears=args.blank_clears, mapping=mapping, decisions=decisions,
            duplicate_policy=None if args.duplicates == ASK else args.duplicates)
        plan.allow_blacklisted = args.allow_blacklisted
        plan.confirm_split = args.two_names
        refused = unknown_keys(plan, list(decisions))
        if refused:
            print(refused, file=sys.stderr)
            return EXIT_DATA
        stale = sorted(set(mapping.duplicates if mapping else {}) - {g.key for g in plan.duplicates})
        if stale and not plan.report.fatal:
            # A mapping saved from an earlier version of the file: said, not refused.
            print(f"提示：对应文件中的重复组{'、'.join(f'“{k}”' for k in stale)}不在本文件中，已忽略。",
                  file=sys.stderr)
        if args.save_mapping:
            args.save_mapping.write_text(saved_mapping(plan).to_json() + "\n", encoding="utf-8")
            print(f"已把本次的对应保存到“{args.save_mapping}”。", file=sys.stderr)
        if args.json:
            print(json.dumps(plan_dict(plan), ensure_ascii=False, indent=2))
        else:
            print(plan.text(), file=sys.stdout if plan.ok else sys.stderr)
        if not plan.ok:
            return EXIT_DATA
        if args.dry_run:
            print("这是预览（--dry-run），没有写入任何数据。", file=sys.stderr if args.json else sys.stdout)
            return EXIT_OK
        if not args.yes:
            # Never write on a bare command: a script that imported before must now say so.
            print("没有写入任何数据。核对以上预览无误后，加上 --yes 重新运行即可导入。", file=sys.stderr)
            return EXIT_USAGE
        if plan.needs_confirmation:
            print("没有写入任何数据：文件把黑名单物业企业设为小区的物业企业。核对无误、确需如此时，"
                  "请加上 --allow-blacklisted 重新运行。", file=sys.stderr)
            return EXIT_DATA
        if plan.needs_split_confirmation:
            print("没有写入任何数据：有楼长格中写了两个姓名（见上）。核对无误、确需登记为两位楼长时，"
                  "请加上 --two-names 重新运行。", file=sys.stderr)
            return EXIT_DATA
        report = svc.transfer.apply(plan)  # PlanOutdated: said on stderr, exit 1 (__main__)
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return EXIT_OK if report.ok else EXIT_DATA
