"""What a county hands out with the installer: a preconfigured ``county.ini`` (server address,
its own CA, optionally locked so workers cannot point the app elsewhere) and, for a whole
county at once, one-time enrolment codes for every community, printed one card per community
with a QR code of the code.

The desktop reads ``county.ini`` (``wuye_desktop.services.county_config.load_county_config``); a copy in
the program folder — where only an administrator can write — with ``lock = true`` wins over any
copy in the worker's data directory.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Connection

from wuye_desktop.domain.errors import UserError

COUNTY_INI = "county.ini"


class ProvisionError(UserError):
    """A problem with what the county asked for, in Chinese, saying what to change."""


def check_server_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ProvisionError(f"服务器地址“{url}”不正确：应以 https:// 开头，例如 https://wuye.example.gov.cn")
    return url


def write_county_ini(out_dir: Path, server: str, *, name: str = "", ca_file: Path | None = None,
                     lock: bool = False, allow_http: bool = False) -> Path:
    """Write ``county.ini`` (and a copy of the CA file beside it) into ``out_dir``."""
    server = check_server_url(server)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = ["; 县级预配置：由 wuye-county installer 生成，放在安装程序（setup.exe）旁边或程序文件夹中。",
             "[county]", f"server = {server}"]
    if name:
        lines.append(f"name = {name}")
    if ca_file is not None:
        if not ca_file.is_file():
            raise ProvisionError(f"找不到证书文件：{ca_file}")
        text = ca_file.read_text(encoding="ascii", errors="replace")
        if "-----BEGIN CERTIFICATE-----" not in text:
            raise ProvisionError(f"“{ca_file.name}”不是 PEM 格式的证书（应含 BEGIN CERTIFICATE）。")
        shutil.copyfile(ca_file, out_dir / "county-ca.pem")
        lines.append("ca_file = county-ca.pem")
    lines.append(f"lock = {'true' if lock else 'false'}")
    if allow_http or urlsplit(server).scheme == "http":
        # Spelled out either way: the desktop refuses plain HTTP unless this says true.
        lines.append(f"allow_http = {'true' if allow_http else 'false'}")
    path = out_dir / COUNTY_INI
    # UTF-8 with BOM: Notepad on a county PC then shows the Chinese correctly.
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


@dataclass(frozen=True)
class Community:
    code: str
    name: str


_CODE_HEADERS = ("社区代码", "区划代码", "统计用区划代码", "社区区划代码", "代码")
_NAME_HEADERS = ("社区名称", "社区", "名称", "居委会")


def _rows(path: Path) -> list[list[str]]:
    """The sheet's cells as stripped text, read by the desktop's tabular reader."""
    from wuye_desktop.storage.tabular import TabularError
    from wuye_desktop.storage.tabular.sources import first_sheet_rows

    try:
        rows = first_sheet_rows(path)
    except TabularError as exc:
        raise ProvisionError(str(exc)) from exc
    return [["" if v is None else str(v).strip() for v in r] for r in rows]


def _header(rows: list[list[str]]) -> tuple[int, int, int] | None:
    """(row index, code column, name column) of the header among the first ten rows."""
    for h, row in enumerate(rows[:10]):
        ci = next((i for i, c in enumerate(row) if c in _CODE_HEADERS), None)
        ni = next((i for i, c in enumerate(row) if c in _NAME_HEADERS), None)
        if ci is not None and ni is not None:
            return h, ci, ni
    return None


def read_communities(path: Path) -> list[Community]:
    """The county's community sheet: a 社区代码 and a 社区名称 column (header row found among the
    first ten rows). All or nothing: every bad row is named."""
    from wuye_desktop.domain.validation import check_community_code, errors

    rows = _rows(path)
    header = _header(rows)
    if header is None:
        raise ProvisionError(f"“{path.name}”中找不到表头：需要“社区代码”和“社区名称”两列。")
    h, ci, ni = header
    out: list[Community] = []
    problems: list[str] = []
    seen: set[str] = set()
    for r, row in enumerate(rows[h + 1:], start=h + 2):
        code = row[ci].replace(" ", "") if ci < len(row) else ""
        name = row[ni] if ni < len(row) else ""
        if not code and not name:
            continue
        if code.endswith(".0"):  # a code Excel stored as a number
            code = code[:-2]
        bad = errors(check_community_code(code))
        if bad:
            problems.append(f"第{r}行“社区代码”：{bad[0].message}")
        elif code in seen:
            problems.append(f"第{r}行“社区代码”：{code} 重复出现。")
        elif not name:
            problems.append(f"第{r}行“社区名称”：不能为空。")
        else:
            seen.add(code)
            out.append(Community(code, name))
    if problems:
        raise ProvisionError("社区名单有问题，没有生成任何注册码：\n" + "\n".join(problems))
    if not out:
        raise ProvisionError(f"“{path.name}”中没有社区。")
    return out


@dataclass(frozen=True)
class IssuedCode:
    community: Community
    code: str
    expires: datetime


def issue_codes(conn: Connection, communities: list[Community], hours: float) -> list[IssuedCode]:
    from .auth import create_enrolment_code

    out = []
    for c in communities:
        code, expires = create_enrolment_code(conn, c.code, c.name, hours)
        out.append(IssuedCode(c, code, expires))
    return out


def codes_pdf(issued: list[IssuedCode], out: Path, server: str, county_name: str = "") -> Path:
    """One card per community (four to an A4 page): name, code, the one-time enrolment code in
    large type, its expiry, the server, and a QR code carrying server and code."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from wuye_desktop.printing.fonts import FANG, HEI, register_fonts

    register_fonts()
    out.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(out), pagesize=A4)
    c.setTitle("社区物业工作台 注册码")
    w, h = A4
    card_h = (h - 30 * mm) / 4
    for i, item in enumerate(issued):
        slot = i % 4
        if i and slot == 0:
            c.showPage()
        top = h - 15 * mm - slot * card_h
        c.setDash(3, 3)
        c.rect(15 * mm, top - card_h + 3 * mm, w - 30 * mm, card_h - 6 * mm)
        c.setDash()
        x = 22 * mm
        c.setFont(HEI, 15)
        c.drawString(x, top - 12 * mm, f"{item.community.name}（{item.community.code}）")
        c.setFont(FANG, 11)
        c.drawString(x, top - 19 * mm, "社区物业工作台 本机注册码（一次有效）")
        c.setFont(HEI, 22)
        c.drawString(x, top - 30 * mm, item.code)
        c.setFont(FANG, 10.5)
        c.drawString(x, top - 38 * mm, f"有效期至：{item.expires.astimezone():%Y年%m月%d日 %H:%M}")
        c.drawString(x, top - 44 * mm, f"服务器地址：{server}")
        c.drawString(x, top - 50 * mm, "使用方法：打开“同步”页 → 注册本机 → 输入上面的注册码。")
        if county_name:
            c.drawString(x, top - 56 * mm, county_name)
        qr = QrCodeWidget(json.dumps({"server": server, "code": item.code}, ensure_ascii=False))
        x0, y0, x1, y1 = qr.getBounds()
        size = 48 * mm
        d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        d.add(qr)
        renderPDF.draw(d, c, w - 15 * mm - size - 6 * mm, top - card_h + 3 * mm + (card_h - 6 * mm - size) / 2)
    c.save()
    return out
