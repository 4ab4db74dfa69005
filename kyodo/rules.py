"""Presets of the city's rules, quoted from the seeds, and the loader that makes them current.

- Yokohama (default; seeds 000 and 002): the six principles of the Yokohama Code, the forms
  of collaboration, the check sheet, six screening criteria, four evaluation items.
- Odawara (seed 003): the seven forms and the four-line principles clause for 甲 and 乙.
- Yoshikawa (seed 004): nine forms and the four よしかわ協働ルール.
Start types A–D (seed 004) are loaded with every preset.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from .models import (
    CheckSheetPoint,
    City,
    CollaborationForm,
    EvaluationItem,
    Principle,
    ScreeningCriterionPreset,
    StartType,
    WorkflowRule,
)
from .tenancy import current_city

T = CollaborationForm.Template


@dataclass(frozen=True)
class Preset:
    city_name: str
    principles_preamble: str
    principles: list[tuple[str, str]]
    forms: list[tuple[str, str, str, str]]  # code, name, description, agreement template
    rules: list[tuple[str, str]] = field(default_factory=list)
    evaluation_items: list[tuple[str, str]] | None = None


# Seed 004 (吉川市): 協働の類型.
START_TYPES = [
    ("A", "スタート時協力型", "目的や考え方、進め方について相互に共有してスタートします。"),
    ("B", "相互単独型", "それぞれが単独で開始した事業・活動を、目的や考え方などについて共有して進めます。"),
    ("C", "行政主導市民参加型", "行政が概要を決定し、市民に呼びかけて実施します。"),
    ("D", "市民主導行政協力型", "市民が取り組む事業・活動に行政が協力します。"),
]

# DOMAIN.md, screening practice.
SCREENING_CRITERIA = [
    ("公益性", "不特定多数の市民の利益につながるか。", True),
    ("協働の必要性・相乗効果", "協働で取り組むことで、単独で行うより大きな効果が見込めるか。", False),
    ("実現可能性", "計画、体制、スケジュールから見て実施できるか。", False),
    ("先駆性・独自性", "新しい発想や団体ならではの特性が活かされているか。", False),
    ("自立化・継続性", "事業終了後も自立して継続する見通しがあるか。", False),
    ("予算の妥当性", "経費の積算と負担の分け方が妥当か。", False),
]

# Seed 002, よりよい協働のためのチェックシート.
CHECK_SHEET = {
    CheckSheetPoint.Stage.PLANNING: [
        "自分たちが達成すべき大きな目的やミッションについてよく話し合うこと",
        "お互いの立場や組織の違いを話し合ってよく理解すること",
        "ニーズを把握して共有するとともに、この事業の目標と実施方法を話し合って決めること",
        "実現のためにそれぞれが何をできるかを考え、話し合って役割分担を決めること",
    ],
    CheckSheetPoint.Stage.PROCEEDING: [
        "率直な意見交換のもと、お互いに対等な立場で事業をすすめること",
        "お互いの強みや得意分野をどう活かし合えるかを考え、提案しながら取り組むこと",
        "相手に任せきりにせず、お互いが役割を自覚して積極的に取り組むこと",
    ],
    CheckSheetPoint.Stage.REVIEWING: [
        "協働することで、単独で行うのに比べてどのような効果が得られたか、話し合って共有すること",
        "受益者が満足を得られたかどうかについて、話し合って確認すること",
        "事業の成果・課題や振り返りの内容を、ホームページや会報等を使って市民に発信すること",
    ],
}

EVALUATION_ITEMS = [
    ("相乗効果", "協働したことで、単独で行うのに比べてどのような効果が得られたか。"),
    ("進捗", "計画どおりに事業が進んでいるか。"),
    ("手法の妥当性", "役割分担や進め方は目的に照らして適切だったか。"),
    ("受益者満足度", "受益者が満足を得られたか。"),
]

# Descriptions of the forms follow seed 003 (小田原市) unless a city's own seed says otherwise.
F_CO_HOSTING = ("co-hosting", "共催", "団体と行政が、それぞれ主催者となって、ともに一つの事業を行う形態です。", T.CO_HOSTING)
F_COMMITTEE = (
    "executive-committee", "実行委員会・協議会",
    "団体と行政で構成された実行委員会や協議会が主催者となって事業を行う形態です。", T.CO_HOSTING,
)
F_COOPERATION = (
    "project-cooperation", "事業協力",
    "団体と行政とが、対等の立場で、お互いの得意な分野を出し合い、経費分担や役割分担などを決めて、"
    "一定期間継続的に協力して事業に取り組む形態です。", T.CONTRIBUTION,
)
F_DESIGNATED = (
    "designated-manager", "指定管理者",
    "団体が指定管理者としての指定を受け、その能力や特長を活かして、行政に代わって施設の管理運営を行う形態です。",
    T.NONE,
)
F_COMMISSION = (
    "commission", "委託",
    "団体の有する専門性、柔軟性、先駆性などの特性を活用し、より効果的に取り組みを進めるために、業務を委託する形態です。",
    T.COMMISSION,
)
F_SUBSIDY = (
    "subsidy", "補助",
    "団体が主体的に行う公益性の高い事業を支援するため、行政が補助金を交付する形態です。", T.SUBSIDY,
)
F_ENDORSEMENT = (
    "endorsement", "後援", "団体が主催する取り組みに対して、行政が後援という形で名を連ねることです。", T.NONE,
)
F_ADOPT = (
    "adopt", "アダプト制度",
    "市民と行政が協議し合意の上で公共施設などの清掃・美化活動を行い、行政がその活動に伴う物品の支給などを行う。",
    T.NONE,
)
F_PLANNING = (
    "planning-participation", "企画立案への参加",
    "行政が事業の企画や計画を立案する際に、市民を委員会などの委員としてともに企画や計画を立案する。", T.NONE,
)

YOKOHAMA = Preset(
    city_name="横浜市",
    principles_preamble="甲と乙は、横浜コードに定める次の協働の原則にのっとって事業を進める。",
    principles=[
        ("対等の原則", "市民活動と行政は対等の立場に立つこと"),
        ("自主性尊重の原則", "市民活動が自主的に行われることを尊重すること"),
        ("自立化の原則", "市民活動が自立化する方向で協働を進めること"),
        ("相互理解の原則", "市民活動と行政がそれぞれの長所、短所や立場を理解しあうこと"),
        ("目的共有の原則", "協働に関して市民活動と行政がその活動の全体または一部について目的を共有すること"),
        ("公開の原則", "市民活動と行政の基本的事項と関係が公開されていること"),
    ],
    forms=[
        F_CO_HOSTING, F_COMMITTEE, F_COOPERATION, F_DESIGNATED, F_COMMISSION, F_SUBSIDY, F_ENDORSEMENT,
        F_ADOPT, F_PLANNING,
    ],
)

ODAWARA = Preset(
    city_name="小田原市",
    principles_preamble="甲と乙は、協働の精神に基づいて、双方とも次の原則を遵守する。",
    principles=[
        ("相互理解", "互いの立場、長所や短所を理解・尊重し、自由に意見を交換できる関係を作る。"),
        ("主体性の尊重", "互いの活動が自主的かつ自己責任のもとで行われていることを理解し、その主体性を尊重する。"),
        ("対等・自立", "対等なパートナーとして、互いに自立した関係を保つよう心がける。"),
        ("検証・評価", "定期的に事業の効果を検証・評価し、改善を行うとともに、事業の継続の可否についても検討する。"),
    ],
    forms=[F_CO_HOSTING, F_COMMITTEE, F_COOPERATION, F_DESIGNATED, F_COMMISSION, F_SUBSIDY, F_ENDORSEMENT],
)

YOSHIKAWA = Preset(
    city_name="吉川市",
    principles_preamble="甲と乙は、よしかわ協働ルールを守った上で、次の協働マナーを心がける。",
    principles=[
        ("対等のマナー", "市民と行政が上下関係になるのではなく、対等なパートナーとして意識していくことが大切です。"),
        ("相互理解のマナー", "お互いの能力、特性、立場を認め、理解し合い、信頼関係を築くことが大切です。"),
        (
            "自主性尊重のマナー",
            "お互いが持っている長所を十分に生かすため、お互いの自主性を尊重し、それぞれの領域に踏み込み過ぎず"
            "適切な距離を保つことが大切です。",
        ),
        ("自立のマナー", "お互いが常に自立した存在として、どちらかに依存することのない関係を築くことが大切です。"),
    ],
    forms=[
        ("co-hosting", "共催", "事業の企画または運営に参加し、お互いに主催者としての責任を負担し、一つの事業を行う。", T.CO_HOSTING),
        (
            "endorsement", "後援",
            "市民が実施する公共的な事業や取り組みについて、行政がその事業の趣旨に賛同し、その開催を援助する目的で"
            "市の名義使用を承認する。", T.NONE,
        ),
        (
            "project-cooperation", "事業協力",
            "市民または行政のいずれかが事業主体となり、お互いに目標や役割分担などを決め、協力して事業を行う。",
            T.CONTRIBUTION,
        ),
        F_ADOPT,
        (
            "planning-participation", "企画立案・計画立案への参加",
            "行政が事業の企画や計画を立案する際に、市民を委員会などの委員としてともに企画や計画を立案したりする。",
            T.NONE,
        ),
        (
            "executive-committee", "実行委員会等",
            "イベントなどを実施する場合に、市民などが集まって組織され、そこが主催者となり、社会的責任を共有した形で"
            "事業を行う。", T.CO_HOSTING,
        ),
        (
            "commission", "委託",
            "通常の業務委託契約よりも協働の意図を強く持ったもので、市民の発想や特性を活かしたかたちで業務を依頼する。",
            T.COMMISSION,
        ),
        (
            "subsidy", "補助",
            "市民の実施する公共的な事業について、行政と課題や目的を共有した上で、行政が金銭などを市民に交付・提供する。",
            T.SUBSIDY,
        ),
        (
            "designated-manager", "指定管理者制度",
            "公の施設の管理運営に民間の能力を活用し、市民サービスの向上と管理運営の効率化などを図ることを目的として、"
            "民間事業者や市民団体などに、その管理運営を委ねる。", T.NONE,
        ),
    ],
    rules=[
        (
            "目的共有・目標一致のルール",
            "協働を行うときには、何のために協働をするのかという「目的」と、いつまでにどれだけの成果をあげればいいのか"
            "という「目標」をお互いに一致させ、共有することが必要です。",
        ),
        (
            "役割分担のルール",
            "協働を行うときには、市民と行政のどちらか一方だけが取り組めば実現をするわけではなく、「市民だからできること」、"
            "「行政だからできること」を明確に分担し、あらかじめ合意形成を図った上で、お互いに足りないところを補いながら"
            "進めていくことが必要です。",
        ),
        (
            "公開のルール",
            "協働を行うときには、常にお互いの情報を公開し、共有し、ともに社会に対する説明責任を果たしていくことが必要です。",
        ),
        (
            "評価のルール",
            "協働を行った後には、お互いがそれぞれの目線で導入から成果について評価し、次の新たな事業につなげていくことが必要です。",
        ),
    ],
    evaluation_items=[
        ("導入", "協働の始め方（目的・目標の共有、役割分担の合意）は適切だったか。"),
        ("過程", "対等な立場で、情報を共有しながら進められたか。"),
        ("成果", "目標に対してどれだけの成果をあげ、次の事業につなげられるか。"),
    ],
)

PRESETS: dict[str, Preset] = {
    City.Preset.YOKOHAMA: YOKOHAMA,
    City.Preset.ODAWARA: ODAWARA,
    City.Preset.YOSHIKAWA: YOSHIKAWA,
}
DEFAULT_PRESET = City.Preset.YOKOHAMA


def _replace(model: type[models.Model], key: tuple[str, ...], rows: list[dict]) -> None:
    """Make `model`'s active rows exactly `rows` (matched on the natural `key` fields).

    Rows no longer wanted are deleted, or, when other records still point at them, kept but
    marked not in use."""
    keep = []
    for order, row in enumerate(rows, start=1):
        lookup = {name: row[name] for name in key}
        defaults = {**{k: v for k, v in row.items() if k not in key}, "order": order, "is_active": True}
        obj, _created = model.objects.update_or_create(**lookup, defaults=defaults)
        keep.append(obj.pk)
    for obj in model.objects.exclude(pk__in=keep):
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError):
            model.objects.filter(pk=obj.pk).update(is_active=False)


@transaction.atomic
def load_preset(name: str = DEFAULT_PRESET) -> Preset:
    """Replace the current city's lists by the preset `name` (idempotent)."""
    preset = PRESETS[name]
    profile = current_city()
    profile.city_name = preset.city_name
    profile.preset = name
    profile.principles_preamble = preset.principles_preamble
    profile.save(update_fields=["city_name", "preset", "principles_preamble"])

    _replace(Principle, ("title",), [{"title": t, "text": x} for t, x in preset.principles])
    _replace(
        CollaborationForm, ("code",),
        [{"code": c, "name": n, "description": d, "agreement_template": t} for c, n, d, t in preset.forms],
    )
    _replace(StartType, ("code",), [{"code": c, "name": n, "description": d} for c, n, d in START_TYPES])
    _replace(
        ScreeningCriterionPreset, ("name",),
        [
            {"name": n, "description": d, "is_public_benefit": p, "weight": 1, "max_score": 5}
            for n, d, p in SCREENING_CRITERIA
        ],
    )
    items = preset.evaluation_items if preset.evaluation_items is not None else EVALUATION_ITEMS
    _replace(EvaluationItem, ("name",), [{"name": n, "description": d} for n, d in items])
    _replace(
        CheckSheetPoint, ("stage", "text"),
        [{"stage": stage, "text": text} for stage, texts in CHECK_SHEET.items() for text in texts],
    )
    _replace(WorkflowRule, ("name",), [{"name": n, "text": x} for n, x in preset.rules])
    return preset
