"""The contract clause texts a contract is printed with: the county's, when it published some
(``wuye-county templates publish`` of a 合同条款 document, received by sync), else the shipped
model texts. A published document the desktop cannot read refuses the print instead of silently
falling back to other wording."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..printing.contract_texts import CLAUSES_DOCUMENT_KIND, ContractClauses, builtin_clauses, parse_clauses
from ..printing.templates import PrintError, TemplateError
from ..storage.models_sync import newest_document


def contract_clauses(s: Session) -> ContractClauses:
    """The newest county clause texts received, or the built-in ones."""
    doc = newest_document(s, CLAUSES_DOCUMENT_KIND)
    if doc is None:
        return builtin_clauses()
    name = str(doc.data.get("name") or "合同条款")
    version = doc.data.get("version") or doc.version
    try:
        return parse_clauses(doc.data, f"县级发布的“{name}”（第{version}版）")
    except TemplateError as exc:
        raise PrintError(f"县里发布的合同条款“{name}”无法读取（{exc}），为免打印出未经审定的条款，"
                         "本次没有打印。请联系县住房和城乡建设局重新发布后同步。") from exc
