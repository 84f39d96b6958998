"""Print the Excel column reference (Markdown) from domain.fields — pasted into README.md; a test
checks the README still matches."""

from __future__ import annotations

from wuye_desktop.domain.fields import IMPORT_ORDER, SPECS, FieldType

TYPE_LABELS = {
    FieldType.TEXT: "文字", FieldType.INT: "整数", FieldType.FLOAT: "数字", FieldType.DATE: "日期",
    FieldType.BOOL: "是/否", FieldType.ENUM: "选项", FieldType.PHONE: "电话", FieldType.YEAR: "年份",
}


def reference() -> str:
    out: list[str] = []
    for kind in IMPORT_ORDER:
        spec = SPECS[kind]
        out.append(f"#### 工作表“{spec.sheet}”（`{kind}`）\n")
        out.append("| 列名 | 必填 | 类型 | 也认作 | 可选值 |")
        out.append("| --- | --- | --- | --- | --- |")
        for f in spec.fields:
            values = "、".join(f.enum.labels()) if f.enum else "只读，导入时忽略" if f.readonly else ""
            out.append(f"| {f.label} | {'是' if f.required else ''} | {TYPE_LABELS[f.type]} | "
                       f"{'、'.join(f.synonyms)} | {values} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(reference())
