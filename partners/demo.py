"""Demo step 2: Yokohama's 18 wards, fields of activity, departments, support centres (phones
from seed 002), organisations from the seeds' cases, and one demo login per role.

Idempotent: every row is found by its natural key (update_or_create)."""

from __future__ import annotations

from typing import TextIO

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import CityRole, User

from .models import (
    CoordinatorPosting,
    Department,
    FieldOfActivity,
    Membership,
    Organisation,
    OrganisationEvent,
    StaffPosting,
    SupportCentre,
    Ward,
)

PASSWORD = "kyodo-demo-2026"

WARDS = [
    ("鶴見区", "つるみく"), ("神奈川区", "かながわく"), ("西区", "にしく"), ("中区", "なかく"),
    ("南区", "みなみく"), ("港南区", "こうなんく"), ("保土ケ谷区", "ほどがやく"), ("旭区", "あさひく"),
    ("磯子区", "いそごく"), ("金沢区", "かなざわく"), ("港北区", "こうほくく"), ("緑区", "みどりく"),
    ("青葉区", "あおばく"), ("都筑区", "つづきく"), ("戸塚区", "とつかく"), ("栄区", "さかえく"),
    ("泉区", "いずみく"), ("瀬谷区", "せやく"),
]

FIELDS = [
    ("welfare", "福祉"), ("childcare", "子育て"), ("education", "教育"), ("environment", "環境"),
    ("community", "まちづくり"), ("safety", "防災・防犯"), ("culture", "文化・芸術"), ("international", "国際"),
    ("revitalisation", "地域活性化"), ("health", "保健・医療"), ("sports", "スポーツ"), ("elderly", "高齢者支援"),
]

# Bureaus (局) and some of their sections (課). Phones only where the seeds give them.
BUREAUS = [
    ("市民局", [("市民協働推進課", ""), ("市民活動支援課", "045-227-7915")]),
    ("こども青少年局", [("青少年育成課", "")]),
    ("環境創造局", [("公園緑地管理課", ""), ("北部農政事務所", "")]),
    ("健康福祉局", [("地域福祉保健課", "")]),
    ("都市整備局", [("地域まちづくり課", "")]),
]

# Seed 002, 各区の市民活動支援センター: centre name, ward, phone.
WARD_CENTRES = [
    ("つるみ区民活動センター", "鶴見区", "045-510-1694"),
    ("神奈川区区民活動支援センター", "神奈川区", "045-411-7089"),
    ("にしく市民活動支援センター", "西区", "045-320-8396"),
    ("なか区民活動センター", "中区", "045-224-8138"),
    ("みなみ市民活動センター", "南区", "045-232-9544"),
    ("港南区民活動支援センター", "港南区", "045-841-9361"),
    ("ほどがや市民活動センター", "保土ケ谷区", "045-334-6306"),
    ("旭区市民活動支援センター", "旭区", "045-382-1000"),
    ("いそご区民活動支援センター", "磯子区", "045-754-2390"),
    ("金沢区民活動センター", "金沢区", "045-788-7803"),
    ("港北区区民活動支援センター", "港北区", "045-540-2246"),
    ("緑区市民活動支援センター", "緑区", "045-938-0631"),
    ("青葉区区民活動支援センター", "青葉区", "045-989-5265"),
    ("都筑区民活動センター", "都筑区", "045-948-2237"),
    ("とつか区民活動センター", "戸塚区", "045-825-6773"),
    ("さかえ区民活動センター", "栄区", "045-894-9900"),
    ("いずみ区民活動支援センター", "泉区", "045-800-2393"),
    ("瀬谷区民活動センター", "瀬谷区", "045-369-7081"),
]

V, P = Organisation.Status.VERIFIED, Organisation.Status.PENDING
K = Organisation.Kind

# Organisations from the seeds' cases (seed 002). Representatives and contact details are
# fictitious; e-mail addresses use example.jp.
ORGANISATIONS = [
    dict(
        name="港南台生き生きプレイパーク", name_kana="コウナンダイイキイキプレイパーク", kind=K.CIVIC_GROUP, ward="港南区",
        representative_name="港南 はるか", representative_title="運営委員長", postal_code="234-0054",
        address="横浜市港南区港南台 港南台中央公園内", phone="045-800-0101", email="playpark@example.jp",
        founded_year=2005, member_count=40, fields=["childcare", "environment"], status=V,
        public_profile="港南台中央公園で「自分の責任で自由に遊ぶ」をモットーに冒険遊び場を開いています。"
        "自治会町内会、青少年指導員、民生委員・児童委員など地域の大人たちが運営委員会をつくり、"
        "港南区役所と協働協定書を結んで活動を始めました。",
    ),
    dict(
        name="こどもの生き生きスペースづくり塾", name_kana="コドモノイキイキスペースヅクリジュク", kind=K.CIVIC_GROUP,
        ward="港南区", representative_name="台 ゆうこ", postal_code="234-0054", address="横浜市港南区港南台",
        phone="045-800-0102", email="ikiiki-juku@example.jp", founded_year=2004, member_count=12,
        fields=["childcare"], status=V,
        public_profile="子どもが自由に思いっきり遊べる場を地域につくるための自主活動グループです。",
    ),
    dict(
        name="ふらっとステーション・ドリーム", name_kana="フラットステーション・ドリーム", kind=K.CIVIC_GROUP, ward="戸塚区",
        representative_name="戸塚 ゆめ子", representative_title="代表", postal_code="245-0067",
        address="横浜市戸塚区深谷町 ドリームハイツ商店街", phone="045-800-0201", email="flat-dream@example.jp",
        founded_year=2006, member_count=60, fields=["welfare", "elderly", "revitalisation"], status=V,
        public_profile="ドリームハイツの空き店舗を活用した地域の居場所です。サロン、カレッジ、"
        "情報・相談コーナーの3つの機能で、年間14,000人以上の方に利用されています。",
    ),
    dict(
        name="ふれあいドリーム", name_kana="フレアイドリーム", kind=K.NPO, ward="戸塚区",
        representative_name="深谷 まもる", representative_title="理事長", postal_code="245-0067",
        address="横浜市戸塚区深谷町", phone="045-800-0202", email="fureai-dream@example.jp", founded_year=1998,
        member_count=35, fields=["welfare", "elderly"], corporate_number="7123456789012", status=V,
        public_profile="訪問介護を中心に、団地で誰もが安心して暮らし続けられるよう支えています。",
    ),
    dict(
        name="いこいの家 夢みん", name_kana="イコイノイエ ムーミン", kind=K.CIVIC_GROUP, ward="戸塚区",
        representative_name="深谷 しずか", postal_code="245-0067", address="横浜市戸塚区深谷町",
        phone="045-800-0203", email="muumin@example.jp", member_count=20, fields=["welfare", "elderly"], status=V,
        public_profile="介護予防のデイサービスを運営しています。",
    ),
    dict(
        name="ドリーム地域給食の会", name_kana="ドリームチイキキュウショクノカイ", kind=K.CIVIC_GROUP, ward="戸塚区",
        representative_name="戸塚 みのり", postal_code="245-0067", address="横浜市戸塚区深谷町",
        phone="045-800-0204", email="kyushoku@example.jp", member_count=25, fields=["welfare", "elderly"],
        status=V, public_profile="高齢者向けの食事サービスを続けています。",
    ),
    dict(
        name="ドリームハイツ地域運営協議会", name_kana="ドリームハイツチイキウンエイキョウギカイ", kind=K.NEIGHBOURHOOD,
        ward="戸塚区", representative_name="高台 ひろし", representative_title="会長", postal_code="245-0067",
        address="横浜市戸塚区深谷町", phone="045-800-0205", email="dream-kyogikai@example.jp",
        fields=["community", "welfare"], status=V,
        public_profile="2つの自治会と6つの市民活動団体で構成する協議会です。",
    ),
    dict(
        name="子どものワークショップ", name_kana="コドモノワークショップ", kind=K.CIVIC_GROUP, ward="青葉区",
        representative_name="寺家 みどり", representative_title="代表", postal_code="227-0031",
        address="横浜市青葉区寺家町", phone="045-900-0301", email="kodomo-ws@example.jp", member_count=15,
        fields=["childcare", "education", "environment"], status=V,
        public_profile="寺家ふるさと村の自然を活かして、子どもたちの創造力を育てるプログラムを開発しています"
        "（子どもと風土のサポートネット事業）。",
    ),
    dict(
        name="新羽駅周辺まちづくり協議会", name_kana="ニッパエキシュウヘンマチヅクリキョウギカイ", kind=K.NEIGHBOURHOOD,
        ward="港北区", representative_name="新羽 たかし", representative_title="会長", postal_code="223-0057",
        address="横浜市港北区新羽町", phone="045-500-0401", email="nippa-machi@example.jp",
        fields=["community", "safety"], status=V,
        public_profile="地区計画づくりから始まり、ヨコハマ市民まち普請事業で通学路のアートウォークと"
        "ポケットパークを整備しました。",
    ),
    dict(
        name="花の里の会", name_kana="ハナノサトノカイ", kind=K.CIVIC_GROUP, ward="港北区",
        representative_name="花里 さくら", postal_code="223-0057", address="横浜市港北区新羽町",
        phone="045-500-0402", email="hananosato@example.jp", member_count=10, fields=["environment"], status=P,
        public_profile="ポケットパークに花を植え、手入れをしているボランティアグループです。",
    ),
    dict(
        name="阿久和北部見守りネットワーク実行委員会", name_kana="アクワホクブミマモリネットワークジッコウイインカイ",
        kind=K.NEIGHBOURHOOD, ward="瀬谷区", representative_name="阿久和 まさお", representative_title="委員長",
        postal_code="246-0026", address="横浜市瀬谷区阿久和南", phone="045-300-0501", email="akuwa-mimamori@example.jp",
        fields=["welfare", "elderly"], status=V,
        public_profile="自治会町内会、各種団体、ボランティアグループが連携し、地域の見守りを進めています。",
    ),
    dict(
        name="おやじの広場", name_kana="オヤジノヒロバ", kind=K.CIVIC_GROUP, ward="瀬谷区",
        representative_name="長屋 いさむ", postal_code="246-0026", address="横浜市瀬谷区阿久和東 長屋門公園",
        phone="045-300-0502", email="oyaji-hiroba@example.jp", member_count=18,
        fields=["culture", "revitalisation"], status=V,
        public_profile="長屋門公園を中心にボランティア活動をしています。囲炉裏端会議にどなたでもどうぞ。",
    ),
]

# e-mail, display name, description of the role (for the printed table).
USERS = [
    ("admin@example.jp", "管理者 太郎", "administrator"),
    ("staff@example.jp", "市民局 協働 一郎", "city staff — 市民局 市民協働推進課"),
    ("ward-staff@example.jp", "港南区 振興 二郎", "city staff — 港南区役所 地域振興課"),
    ("coordinator@example.jp", "支援 センター子", "coordinator — 港南区民活動支援センター"),
    ("committee1@example.jp", "審査 委員一", "screening committee"),
    ("committee2@example.jp", "審査 委員二", "screening committee"),
    ("committee3@example.jp", "審査 委員三", "screening committee"),
    ("citizen@example.jp", "港南 はるか", "representative — 港南台生き生きプレイパーク"),
    ("member@example.jp", "港南 けんた", "member — 港南台生き生きプレイパーク"),
    ("citizen2@example.jp", "戸塚 ゆめ子", "representative — ふらっとステーション・ドリーム"),
]


def load(out: TextIO) -> None:
    wards = _wards()
    fields = _fields()
    departments = _departments(wards)
    centres = _centres(wards)
    users = _users()
    organisations = _organisations(wards, fields, verifier=users["staff@example.jp"])
    _roles(users, departments, centres, organisations)
    out.write(
        f"Partners: {len(wards)} wards, {Department.objects.count()} departments, {len(centres)} centres, "
        f"{len(organisations)} organisations, {len(users)} users\n"
    )


def _wards() -> dict[str, Ward]:
    return {
        name: Ward.objects.update_or_create(name=name, defaults={"name_kana": kana, "order": order})[0]
        for order, (name, kana) in enumerate(WARDS, start=1)
    }


def _fields() -> dict[str, FieldOfActivity]:
    return {
        slug: FieldOfActivity.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})[0]
        for order, (slug, name) in enumerate(FIELDS, start=1)
    }


def _departments(wards: dict[str, Ward]) -> dict[str, Department]:
    out: dict[str, Department] = {}
    order = 0
    for bureau_name, sections in BUREAUS:
        order += 1
        bureau, _ = Department.objects.update_or_create(
            parent=None, name=bureau_name, defaults={"kind": Department.Kind.BUREAU, "order": order}
        )
        out[bureau_name] = bureau
        for section_order, (section_name, phone) in enumerate(sections, start=1):
            out[f"{bureau_name} {section_name}"] = Department.objects.update_or_create(
                parent=bureau, name=section_name,
                defaults={"kind": Department.Kind.SECTION, "phone": phone, "order": section_order},
            )[0]
    for ward in wards.values():
        order += 1
        office, _ = Department.objects.update_or_create(
            parent=None, name=f"{ward.name}役所",
            defaults={"kind": Department.Kind.WARD_OFFICE, "ward": ward, "order": order},
        )
        out[office.name] = office
        out[f"{office.name} 地域振興課"] = Department.objects.update_or_create(
            parent=office, name="地域振興課", defaults={"kind": Department.Kind.SECTION, "ward": ward, "order": 1}
        )[0]
    return out


def _centres(wards: dict[str, Ward]) -> dict[str, SupportCentre]:
    rows = [
        ("横浜市市民活動支援センター", SupportCentre.Kind.CITYWIDE, None, "045-223-2666",
         "横浜市中区桜木町1-1-56 みなとみらい21 クリーンセンタービル4階・5階"),
        ("市民協働推進センター", SupportCentre.Kind.PROMOTION, None, "", ""),
    ] + [(name, SupportCentre.Kind.WARD, ward, phone, "") for name, ward, phone in WARD_CENTRES]
    return {
        name: SupportCentre.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "ward": wards.get(ward) if ward else None, "phone": phone, "address": address,
                      "order": order},
        )[0]
        for order, (name, kind, ward, phone, address) in enumerate(rows, start=1)
    }


def _users() -> dict[str, User]:
    out = {}
    for email, name, _role in USERS:
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "display_name": name,
                "is_staff": email in {"admin@example.jp", "staff@example.jp", "ward-staff@example.jp"},
                "is_superuser": email == "admin@example.jp",
            },
        )
        if email.startswith("committee"):
            CityRole.objects.get_or_create(user=user, role=CityRole.Role.COMMITTEE)
        if created or not user.has_usable_password():
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        out[email] = user
    return out


def _organisations(wards, fields, verifier: User) -> dict[str, Organisation]:
    out = {}
    for spec in ORGANISATIONS:
        spec = dict(spec)
        field_slugs = spec.pop("fields")
        ward = wards[spec.pop("ward")]
        status = spec.pop("status")
        defaults = {"corporate_number": "", "founded_year": None, "member_count": None, "representative_title": "",
                    **spec, "ward": ward, "status": status}
        if status == V:
            defaults["verified_by"] = verifier
        organisation = Organisation.objects.filter(name=spec["name"]).first()
        if organisation is None:
            organisation = Organisation(**defaults)
            if status == V:
                organisation.verified_at = timezone.now()
            organisation.full_clean()
            organisation.save()
            OrganisationEvent.objects.create(organisation=organisation, from_status="", to_status=P)
            if status == V:
                OrganisationEvent.objects.create(organisation=organisation, actor=verifier, from_status=P, to_status=V)
        else:
            for key, value in defaults.items():
                setattr(organisation, key, value)
            organisation.save()
        organisation.fields.set([fields[slug] for slug in field_slugs])
        out[organisation.name] = organisation
    return out


def _roles(users, departments, centres, organisations) -> None:
    postings = [
        ("staff@example.jp", "市民局 市民協働推進課", "担当係長"),
        ("ward-staff@example.jp", "港南区役所 地域振興課", "担当"),
    ]
    for email, department, title in postings:
        StaffPosting.objects.update_or_create(
            user=users[email], department=departments[department], defaults={"title": title}
        )
    CoordinatorPosting.objects.get_or_create(
        user=users["coordinator@example.jp"], centre=centres["港南区民活動支援センター"]
    )
    memberships = [
        ("citizen@example.jp", "港南台生き生きプレイパーク", Membership.Role.REPRESENTATIVE),
        ("member@example.jp", "港南台生き生きプレイパーク", Membership.Role.MEMBER),
        ("citizen2@example.jp", "ふらっとステーション・ドリーム", Membership.Role.REPRESENTATIVE),
    ]
    for email, organisation, role in memberships:
        Membership.objects.update_or_create(
            user=users[email], organisation=organisations[organisation], defaults={"role": role, "is_active": True}
        )
    for organisation in organisations.values():
        if not organisation.created_by_id:
            representative = organisation.memberships.filter(role=Membership.Role.REPRESENTATIVE).first()
            if representative:
                Organisation.objects.filter(pk=organisation.pk).update(created_by=representative.user)


def print_logins(out: TextIO, cities) -> None:
    """The demo cities' addresses and the demo logins, one per role, as a table."""
    out.write("\nDemo cities\n")
    for city in cities:
        out.write(f"  {city.city_name}: {city.base_url}/\n")
    width = max(len(email) for email, _, _ in USERS)
    out.write(f"\nDemo logins (password for all: {PASSWORD})\n")
    out.write(f"{'e-mail'.ljust(width)}  {'password'.ljust(len(PASSWORD))}  role\n")
    out.write(f"{'-' * width}  {'-' * len(PASSWORD)}  {'-' * 40}\n")
    for email, _name, role in USERS:
        out.write(f"{email.ljust(width)}  {PASSWORD}  {role}\n")
