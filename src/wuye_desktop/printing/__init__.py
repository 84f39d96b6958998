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
from .notices import BatchResult, PrintCancelled, render_notice, render_notice_batch
from .rectification import render_rectification_notice
from .report import render_inspection_report
from .templates import (
    NoticeTemplate,
    PrintError,
    TemplateError,
    TemplateField,
    builtin_templates,
    county_template,
    load_template,
    parse_template,
)

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
