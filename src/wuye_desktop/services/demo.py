"""A realistic demo community: estates of every management mode, buildings, leads, companies,
committees. Deterministic (seeded) so screenshots and benchmarks are repeatable; ``scale``
multiplies estates, buildings and leads for benchmarks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..domain.enums import (
    BuildingStructure,
    CommitteeKind,
    CommitteeRole,
    ListStatus,
    ManagementMode,
    Openness,
    PoliticalStatus,
    RenovationStatus,
    ServiceGrade,
)
from ..domain.validation import credit_code_check_char
from .registers import RegisterService, Resolver

if TYPE_CHECKING:
    from .context import Services
    from .demo_inspections import DemoInspectionSummary

DEMO_CODE = "220102003001"
DEMO_NAME = "桃源社区"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = (
    "秀英 桂英 秀兰 玉兰 桂兰 凤英 建华 建国 建军 国华 淑珍 淑兰 玉珍 丽华 红梅 海燕 志强 志明 "
    "永刚 德明 振华 卫东 春生 秋菊 冬梅 文华 学军 立新 宝山 长海 淑芬 桂芳 明华 晓燕 丽娟 国庆 "
    "跃进 "
).split()
ESTATE_STEMS = (
    "幸福 建设 红旗 和平 光明 胜利 新华 东风 友谊 团结 向阳 朝阳 民主 解放 繁荣 永安 长青 福安 "
    "安居 康乐 桃源 南湖 湖西 自由 同光 惠民 兴华 "
).split()
ESTATE_KINDS = ["小区", "家园", "花园", "新村", "家属院", "宿舍区", "里"]
WORK_UNITS = ["电业局", "纺织厂", "第一汽车厂", "铁路", "粮食局", "机床厂", "邮电局", "供销社", "水泥厂"]
STREETS = ["自由大路", "南湖大路", "亚泰大街", "人民大街", "解放大路", "西安大路", "同志街", "工农大路"]
COMPANIES = ["长春市安居物业服务有限公司", "吉林省恒泰物业管理有限公司", "长春润德物业服务有限公司",
             "长春市南关区惠民物业服务中心", "吉林万达物业服务有限公司", "长春鑫源物业管理有限公司",
             "长春市城发物业服务有限公司", "吉林省金诚物业服务有限公司"]
GRADES = [("AAA", 92.5), ("AA", 83.0), ("A", 75.5), ("AA", 81.0), ("B", 64.0), ("A", 71.0),
          ("AAA", 88.0), ("C", 55.0)]


@dataclass
class DemoSummary:
    estates: int
    buildings: int
    leads: int
    companies: int
    committees: int
    members: int


def _credit_code(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91220102" + "".join(rng.choice(chars) for _ in range(9))
    return body + (credit_code_check_char(body) or "0")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _mobile(rng: random.Random) -> str:
    return rng.choice(["139", "138", "137", "135", "186", "159", "152", "131"]) + \
        f"{rng.randrange(10**8):08d}"


def generate(scale: int = 1, seed: int = 20261121) -> dict[str, list[dict[str, Any]]]:
    """The demo records as register dicts keyed by domain field names (references by name)."""
    rng = random.Random(seed)
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in
                                             ("companies", "estates", "buildings", "leads",
                                              "committees", "members")}
    for i, name in enumerate(COMPANIES * max(1, scale // 4 + (scale > 1))):
        nm = name if i < len(COMPANIES) else name.replace("有限公司", f"第{i // len(COMPANIES) + 1}分公司")
        grade, score = GRADES[i % len(GRADES)]
        out["companies"].append({
            "name": nm, "credit_code": _credit_code(rng), "manager": _person(rng),
            "phone": _mobile(rng), "address": f"长春市南关区{rng.choice(STREETS)}{rng.randint(1, 999)}号",
            "credit_grade": grade, "credit_score": score,
            "list_status": ListStatus.RED if grade == "AAA" else
            ListStatus.BLACK if grade == "C" else ListStatus.NONE,
        })
    modes = [ManagementMode.PROFESSIONAL] * 5 + [ManagementMode.QUASI] * 3 + \
            [ManagementMode.COMMITTEE] * 2 + [ManagementMode.SELF, ManagementMode.NONE]
    used: set[str] = set()
    n_estates = 12 * scale
    for e in range(n_estates):
        while True:
            nm = (rng.choice(WORK_UNITS) + rng.choice(["家属院", "宿舍"])) if e % 5 == 3 else \
                rng.choice(ESTATE_STEMS) + rng.choice(ESTATE_KINDS)
            if scale > 1 and nm in used:
                nm = f"{nm}{e // 12 + 1}期"
            if nm not in used:
                used.add(nm)
                break
        mode = modes[e % len(modes)]
        year = rng.randint(1978, 2002)
        n_b = 10 if e % 12 in (0, 1) else rng.choice([6, 8, 10, 12, 14])
        company = None
        start = end = None
        if mode is ManagementMode.PROFESSIONAL:
            company = rng.choice(out["companies"][:len(COMPANIES) - 1])["name"]
            start = date(rng.randint(2022, 2025), rng.choice([1, 4, 7, 10]), 1)
            end = start.replace(year=start.year + 3) - timedelta(days=1)
        elif mode is ManagementMode.QUASI and rng.random() < 0.5:
            company = COMPANIES[3]
        est = {
            "name": nm, "address": f"长春市南关区{rng.choice(STREETS)}{rng.randint(1, 2999)}号",
            "community_code": DEMO_CODE, "year_built": year, "building_count": n_b,
            "household_count": 0, "floor_area": 0.0, "management_mode": mode,
            "company_name": company, "contract_start": start, "contract_end": end,
            "renovation_status": rng.choice(list(RenovationStatus)),
            "openness": Openness.CLOSED if mode is ManagementMode.PROFESSIONAL or rng.random() < .4
            else Openness.OPEN,
            "service_grade": rng.choice([ServiceGrade.STAR1, ServiceGrade.STAR2, ServiceGrade.STAR3])
            if mode is ManagementMode.PROFESSIONAL else ServiceGrade.NONE,
            "party_branch": f"{nm}党支部" if rng.random() < 0.7 else None,
            "red_property": rng.random() < 0.25,
        }
        out["estates"].append(est)
        households = 0
        for b in range(1, n_b + 1):
            units = rng.choice([2, 3, 4, 5, 6])
            floors = rng.choice([5, 6, 6, 6, 7]) if year < 1995 else rng.choice([6, 7, 11, 18])
            hh = units * floors * 2
            households += hh
            out["buildings"].append({
                "estate_name": nm, "number": f"{b}号楼", "unit_count": units,
                "floors_above": floors, "floors_below": 1 if floors > 7 else 0,
                "household_count": hh,
                "structure": BuildingStructure.BRICK_CONCRETE if floors <= 7 else BuildingStructure.SHEAR_WALL,
                "year_built": year, "elevator_count": units if floors > 7 else 0,
            })
            n_leads = 2 if b % 4 == 0 else 1
            for k in range(n_leads):
                ts = date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), 1)
                out["leads"].append({
                    "name": _person(rng), "phone": _mobile(rng), "estate_name": nm,
                    "building_number": f"{b}号楼",
                    "unit_number": f"{min(k * 2 + 1, units)}单元" if n_leads > 1 else None,
                    "term_start": ts, "term_end": ts.replace(year=ts.year + 3),
                    "party_member": rng.random() < 0.45,
                    "company_post": "物业公司楼宇管家" if rng.random() < 0.08 else None,
                })
        est["household_count"] = households
        est["floor_area"] = round(households * rng.uniform(55, 75), 1)
        if mode in (ManagementMode.PROFESSIONAL, ManagementMode.QUASI, ManagementMode.SELF) \
                and rng.random() < 0.7:
            formed = date(rng.randint(2018, 2024), rng.randint(1, 12), rng.randint(1, 28))
            out["committees"].append({
                "estate_name": nm, "formed_date": formed, "term_start": formed,
                "term_end": formed.replace(year=formed.year + 5),
                "kind": CommitteeKind.OWNERS if mode is not ManagementMode.QUASI else CommitteeKind.MANAGEMENT,
            })
            roles = [CommitteeRole.CHAIR, CommitteeRole.VICE] + [CommitteeRole.MEMBER] * rng.choice([3, 5])
            names: set[str] = set()
            for role in roles:
                p = _person(rng)
                while p in names:
                    p = _person(rng)
                names.add(p)
                out["members"].append({
                    "estate_name": nm, "name": p, "role": role, "phone": _mobile(rng),
                    "political_status": PoliticalStatus.PARTY if rng.random() < 0.55 else PoliticalStatus.MASS,
                })
    return out


def install(service: RegisterService, scale: int = 1,
            progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Create the demo community (if none) and upsert the demo registers in one transaction."""
    if service.community() is None:
        service.init_community(DEMO_CODE, DEMO_NAME, "南湖街道", "长春市南关区", "桃源社区居民委员会")
        service.update_office(address="长春市南关区桃源路66号", phone="0431-85912345", contact="刘晓燕")
    data = generate(scale)
    total = sum(len(v) for v in data.values())
    done = 0
    with service.db.unit_of_work() as s:
        res = Resolver(s)
        for kind in ("companies", "estates", "buildings", "leads", "committees", "members"):
            # (the buildings' 单元数 make their units)
            rows = [("demo", i + 1, v) for i, v in enumerate(data[kind])]
            _c, _u, problems = service.bulk_upsert(kind, rows, s, res)
            if problems:
                raise RuntimeError(f"demo data invalid: {problems[:3]}")
            s.flush()
            done += len(rows)
            if progress:
                progress(done, total)
    return DemoSummary(*(len(data[k]) for k in ("estates", "buildings", "leads", "companies",
                                                   "committees", "members")))


@dataclass
class DemoEverything:
    """What ``install_everything`` made: the registers and the inspection history."""

    registers: DemoSummary
    inspections: DemoInspectionSummary


def install_everything(services: Services, scale: int = 1,
                       progress: Callable[[int, int], None] | None = None) -> DemoEverything:
    """The registers plus two years of inspections, surveys and complaints over them — what both
    ``wuye-desktop demo`` and the GUI's "open the demo community" install."""
    from .demo_inspections import install as install_inspections

    summary = install(services.registers, scale, progress)
    return DemoEverything(summary, install_inspections(services, scale))
