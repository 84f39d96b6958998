"""Qt-free printing engine: plain data in, PDF out (ReportLab, embedded CJK font subsets).

Public API::

    from wuye_desktop.printing import (
        builtin_templates, render_notice_batch,            # 通知/公告/公示, per building
        render_rectification_notice,                       # 整改通知单 (一式三联)
        render_service_contract, render_decoration_agreement,
        render_inspection_report,
    )

Data classes are in :mod:`wuye_desktop.printing.data`; fonts (shared with the Qt GUI) in
:mod:`wuye_desktop.printing.fonts`. See ``docs/printing/README.md``.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .contracts import render_decoration_agreement, render_service_contract
    from .data import (
        Building,
        BuildingLead,
        DecorationAgreement,
        Estate,
        FeeStandard,
        InspectionItemResult,
        InspectionReport,
        Issuer,
        Party,
        Photo,
        RectificationItem,
        RectificationNotice,
        ServiceContract,
        cn_date,
    )
    from .fonts import FANG, HEI, SONG, TITLE, font_resource, missing_chars, register_fonts
    from .notices import BatchResult, render_notice, render_notice_batch
    from .rectification import render_rectification_notice
    from .report import render_inspection_report
    from .templates import (
        NoticeTemplate,
        PrintCancelled,
        PrintError,
        TemplateError,
        TemplateField,
        builtin_templates,
        county_template,
        load_template,
        parse_template,
    )

#: where each public name lives: the package imports a module (and ReportLab with the
#: renderers) when one of its names is first used, so importing the data classes, templates
#: or errors at start costs no ReportLab
_HOMES: dict[str, str] = {
    "BatchResult": "notices",
    "Building": "data",
    "BuildingLead": "data",
    "DecorationAgreement": "data",
    "Estate": "data",
    "FANG": "fonts",
    "FeeStandard": "data",
    "HEI": "fonts",
    "InspectionItemResult": "data",
    "InspectionReport": "data",
    "Issuer": "data",
    "NoticeTemplate": "templates",
    "Party": "data",
    "Photo": "data",
    "PrintCancelled": "templates",
    "PrintError": "templates",
    "RectificationItem": "data",
    "RectificationNotice": "data",
    "SONG": "fonts",
    "ServiceContract": "data",
    "TITLE": "fonts",
    "TemplateError": "templates",
    "TemplateField": "templates",
    "builtin_templates": "templates",
    "cn_date": "data",
    "county_template": "templates",
    "font_resource": "fonts",
    "load_template": "templates",
    "missing_chars": "fonts",
    "parse_template": "templates",
    "register_fonts": "fonts",
    "render_decoration_agreement": "contracts",
    "render_inspection_report": "report",
    "render_notice": "notices",
    "render_notice_batch": "notices",
    "render_rectification_notice": "rectification",
    "render_service_contract": "contracts",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "FANG",
    "HEI",
    "SONG",
    "TITLE",
    "BatchResult",
    "Building",
    "BuildingLead",
    "DecorationAgreement",
    "Estate",
    "FeeStandard",
    "InspectionItemResult",
    "InspectionReport",
    "Issuer",
    "NoticeTemplate",
    "Party",
    "Photo",
    "PrintCancelled",
    "PrintError",
    "RectificationItem",
    "RectificationNotice",
    "ServiceContract",
    "TemplateError",
    "TemplateField",
    "builtin_templates",
    "cn_date",
    "county_template",
    "font_resource",
    "load_template",
    "missing_chars",
    "parse_template",
    "register_fonts",
    "render_decoration_agreement",
    "render_inspection_report",
    "render_notice",
    "render_notice_batch",
    "render_rectification_notice",
    "render_service_contract",
]
