"""Commands: ``committees`` (each committee's party-member ratio and term status, with
业委会组建率 and 党组织覆盖率) and ``credit-bands`` (the county's grade bands in force), both
with ``--json``."""

from __future__ import annotations

import argparse
import json
import sys

from ..domain.committees import PARTY_RATIO_TARGET
from ..paths import AppPaths
from . import EXIT_OK
from .common import services_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("committees", parents=[common],
                       help="业委会：党员比例、任期状态，以及业委会组建率、党组织覆盖率")
    p.add_argument("--json", action="store_true", help="以JSON输出")
    p.set_defaults(func=cmd_committees)
    p = sub.add_parser("credit-bands", parents=[common], help="县定信用等级分档（信用分对应的等级）")
    p.add_argument("--json", action="store_true", help="以JSON输出")
    p.set_defaults(func=cmd_bands)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:g}%"


def cmd_committees(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.committees.summaries()
        rates = svc.committees.rates()
    if args.json:
        json.dump({"committees": [r.as_dict() for r in rows],
                   "estates": rates.estates, "with_committee": rates.with_committee,
                   "formation_rate": rates.formation_percent,
                   "with_party_org": rates.with_party_org,
                   "party_org_coverage": rates.party_org_percent,
                   "party_ratio_target": PARTY_RATIO_TARGET},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    print("小区\t类型\t党员比例\t任期")
    for r in rows:
        print(f"{r.estate_name}\t{r.kind.label}\t{r.ratio.text()}\t{r.term_text}")
    print(f"业委会组建率{_pct(rates.formation_percent)}（{rates.with_committee}/{rates.estates}个小区）；"
          f"党组织覆盖率{_pct(rates.party_org_percent)}（{rates.with_party_org}/{rates.estates}个小区"
          "登记了党支部）")
    return EXIT_OK


def cmd_bands(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        bands = svc.committees.credit_bands()
    if args.json:
        json.dump({"source": bands.source,
                   "bands": [{"grade": b.grade, "min": b.minimum} for b in bands.bands]},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    print(f"信用等级分档（{bands.source}）：{bands.describe()}")
    return EXIT_OK
