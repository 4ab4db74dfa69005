"""The structured content of an agreement version: its keys, its clauses, and how a new draft
is pre-filled. Content is plain JSON (strings, ints, lists) so that its hash is stable."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kyodo.text import yen

from .models import TemplateType
from .wareki import wareki

TEXT_KEYS = (
    "title", "purpose", "overview", "collaboration_form", "template_type", "period_start", "period_end",
    "responsibilities", "personal_information", "results_copyright", "information_sharing",
    "amendment_termination", "consultation", "principles",
)
ROW_KEYS = ("roles", "costs", "review_schedule", "parties")

# The six principles of the Yokohama Code, used when the city has not put its own in `kyodo`.
YOKOHAMA_PRINCIPLES = [
    ("対等の原則", "市民活動団体と市は、対等の立場に立って協働する。"),
    ("自主性尊重の原則", "市民活動団体の活動が自主的に行われることを尊重する。"),
    ("自立化の原則", "市民活動団体と市は、互いに自立した存在として依存関係を生まない。"),
    ("相互理解の原則", "互いの長所、短所、立場を理解し合う。"),
    ("目的共有の原則", "協働する事業の目的の全体又は一部を共有する。"),
    ("公開の原則", "協働する関係の基本的事項を公開する。"),
]

DEFAULT_CLAUSES = {
    "responsibilities": (
        "各当事者は、第3条に定める役割分担に従い、自らの担う業務について責任を負う。"
        "事業の実施に伴い第三者に損害を与えたときは、その原因を生じさせた当事者が責任を負い、"
        "原因が明らかでないときは当事者が協議して定める。"
    ),
    "personal_information": (
        "各当事者は、本事業の実施により知り得た個人情報を本事業の目的以外に利用せず、"
        "漏えい、滅失及び毀損の防止その他の適正な管理のために必要な措置を講じる。"
        "この義務は、本協定の終了後も存続する。"
    ),
    "results_copyright": (
        "本事業により生じた成果物の著作権その他の権利は、当事者の共有とする。"
        "各当事者は、他の当事者の同意を得て成果を公表し、又は利用することができる。"
    ),
    "information_sharing": (
        "当事者は、事業の進捗及び課題に関する情報を随時共有する。"
        "本協定の内容及び事業評価の結果は、公開する。"
    ),
    "amendment_termination": (
        "本協定の内容（経費の変更を含む。）を変更するときは、当事者が協議の上、変更協定を締結する。"
        "事業の継続が困難となったときは、当事者が協議の上、本協定を中止することができる。"
    ),
    "consultation": "本協定に定めのない事項又は本協定に関して疑義が生じた事項については、当事者が協議して定める。",
}


def principles_clause(labels: Iterable[str] = ("甲", "乙")) -> str:
    """The principles clause: the current city's preamble and active principles when the city
    has set them, else the six principles of the Yokohama Code."""
    labels = list(labels)
    parties = "及び".join(labels) if len(labels) <= 2 else "、".join(labels)
    preamble = f"{parties}は、協働の精神に基づき、次の原則を遵守する。"
    from kyodo.models import Principle
    from kyodo.tenancy import current_city

    lines = [p.text.strip() for p in Principle.objects.active().order_by("order", "id") if p.text.strip()]
    custom = current_city().principles_preamble
    if lines and custom:
        preamble = custom
    if not lines:
        lines = [f"{name}　{text}" for name, text in YOKOHAMA_PRINCIPLES]
    return "\n".join([preamble, *(f"（{i}）{line}" for i, line in enumerate(lines, start=1))])


def parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def cost_totals(content: dict) -> list[tuple[str, int]]:
    """Total cost per party label, in party order, plus the grand total as ("", total)."""
    totals: dict[str, int] = {p["label"]: 0 for p in content.get("parties", [])}
    for row in content.get("costs", []):
        totals[row["party"]] = totals.get(row["party"], 0) + int(row["amount"])
    return [*totals.items(), ("", sum(totals.values()))]


def party_names(content: dict) -> dict[str, str]:
    return {p["label"]: p["name"] for p in content.get("parties", [])}


@dataclass
class Clause:
    key: str
    heading: str
    text: str


def _period_text(content: dict) -> str:
    start, end = parse_date(content.get("period_start")), parse_date(content.get("period_end"))
    if not start and not end:
        return ""
    return f"{wareki(start) if start else ''} から {wareki(end) if end else ''} まで"


def clauses(content: dict) -> list[Clause]:
    """The articles (第n条) in order, each as plain text: used by the comparison and the PDF."""
    names = party_names(content)
    roles = "\n".join(f"{r['party']}（{names.get(r['party'], '')}）：{r['task']}" for r in content.get("roles", []))
    costs = "\n".join(
        f"{c['item']}：{yen(c['amount'])}（{c['party']}負担）" for c in content.get("costs", [])
    )
    totals = "\n".join(f"{label}の負担額 合計 {yen(amount)}" for label, amount in cost_totals(content) if label)
    schedule = "\n".join(
        f"{wareki(parse_date(m['date'])) if parse_date(m['date']) else m['date']}　{m['title']}"
        for m in content.get("review_schedule", [])
    )
    form = content.get("collaboration_form", "")
    template = str(TemplateType(content.get("template_type") or TemplateType.NONE).label)
    return [
        Clause("purpose", pgettext("agreement clause", "Purpose"), content.get("purpose", "")),
        Clause("overview", pgettext("agreement clause", "Project overview"), content.get("overview", "")),
        Clause("collaboration_form", pgettext("agreement clause", "Form of collaboration"),
               f"{pgettext('agreement clause', 'Form of collaboration')}：{form}\n{_('Agreement template')}：{template}"),
        Clause("period", pgettext("agreement clause", "Period"), _period_text(content)),
        Clause("roles", pgettext("agreement clause", "Roles"), roles),
        Clause("costs", pgettext("agreement clause", "Cost sharing"), f"{costs}\n{totals}".strip()),
        Clause("responsibilities", pgettext("agreement clause", "Responsibilities and risks"), content.get("responsibilities", "")),
        Clause("personal_information", pgettext("agreement clause", "Personal information"), content.get("personal_information", "")),
        Clause("results_copyright", pgettext("agreement clause", "Results and copyright"), content.get("results_copyright", "")),
        Clause("information_sharing", pgettext("agreement clause", "Information sharing and publication"),
               content.get("information_sharing", "")),
        Clause("review_schedule", pgettext("agreement clause", "Reviews"), schedule),
        Clause("amendment_termination", pgettext("agreement clause", "Amendment and termination"),
               content.get("amendment_termination", "")),
        Clause("principles", pgettext("agreement clause", "Principles of collaboration"), content.get("principles", "")),
        Clause("consultation", pgettext("agreement clause", "Matters not provided for"), content.get("consultation", "")),
        Clause("parties", pgettext("agreement clause", "Parties"), "\n".join(
            f"{p['label']}：{p['name']}　{p.get('signatory_title', '')} {p.get('signatory_name', '')}".rstrip()
            for p in content.get("parties", [])
        )),
    ]
