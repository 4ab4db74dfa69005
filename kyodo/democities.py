"""The demo cities (`manage.py load_demo`): each city's own partners, people and roles, which
every app's `demo.py` reads for the city being loaded (`demo_city()`).

- 横浜市 (seeds 000–002): the Yokohama Code's six principles, 18 wards with their ward offices
  and ward civic-activity support centres, the organisations of the handbook's cases.
- 小田原市 (seed 003): its seven forms of collaboration, the districts (地区) of its neighbourhood
  associations, 市民部 地域政策課 and the other departments, its 市民活動サポートセンター.
- 吉川市 (seed 004): start types A–D and nine forms, 市民生活部 市民参加推進課, its 市民活動サポートセンター,
  organisations behind the seed's examples (NPOフォーラム, 道路里親制度, 団体主催理科教室).

Representatives, addresses and contact details of the organisations are fictitious; e-mail
addresses use example.jp. One person holds roles in two cities: committee1@example.jp sits on
Yokohama's and Odawara's screening committees.
"""

from __future__ import annotations

from dataclasses import dataclass

from partners.models import Organisation, SupportCentre

from .models import City
from .tenancy import current_city

PASSWORD = "kyodo-demo-2026"
PLATFORM_ADMIN = ("admin@example.jp", "管理者 太郎")

# Role keys of the demo logins, in the order the login table lists them, with their labels.
ROLES = {
    "citizen": "citizen group representative",
    "member": "citizen group member",
    "citizen2": "second citizen group's representative",
    "staff": "city staff",
    "ward_staff": "ward office staff",
    "coordinator": "coordinator",
    "coordinator2": "second coordinator (same centre)",
    "committee": "screening committee",
    "cityadmin": "city administrator",
}


@dataclass(frozen=True)
class Person:
    """A demo login and its role in the city: `where` names the organisation (citizen, member),
    the department as "<parent> <section>" (staff) or the centre (coordinator)."""

    role: str
    email: str
    name: str
    where: str = ""
    title: str = ""


@dataclass(frozen=True)
class DemoCity:
    slug: str
    preset: str
    wards: list[tuple[str, str]]  # name, reading: the wards (区), or the districts (地区) of a city without wards
    ward_offices: bool  # a ward office (区役所) with its 地域振興課 per ward
    bureaus: list[tuple[str, list[tuple[str, str]]]]  # department, [(section, phone)]
    centres: list[tuple[str, str, str, str, str]]  # name, kind, ward, phone, address
    organisations: list[dict]
    people: list[Person]
    signatory: tuple[str, str]  # who signs for the city when a party names no one: name, title

    def person(self, role: str) -> Person:
        return next(p for p in self.people if p.role == role)

    def email(self, role: str) -> str:
        return self.person(role).email

    def emails(self, role: str) -> list[str]:
        return [p.email for p in self.people if p.role == role]

    @property
    def emails_all(self) -> set[str]:
        return {p.email for p in self.people}


V, P = Organisation.Status.VERIFIED, Organisation.Status.PENDING
K = Organisation.Kind
C = SupportCentre.Kind

# --- 横浜市 --------------------------------------------------------------------------------------
YOKOHAMA_WARDS = [
    ("鶴見区", "つるみく"), ("神奈川区", "かながわく"), ("西区", "にしく"), ("中区", "なかく"),
    ("南区", "みなみく"), ("港南区", "こうなんく"), ("保土ケ谷区", "ほどがやく"), ("旭区", "あさひく"),
    ("磯子区", "いそごく"), ("金沢区", "かなざわく"), ("港北区", "こうほくく"), ("緑区", "みどりく"),
    ("青葉区", "あおばく"), ("都筑区", "つづきく"), ("戸塚区", "とつかく"), ("栄区", "さかえく"),
    ("泉区", "いずみく"), ("瀬谷区", "せやく"),
]

YOKOHAMA_BUREAUS = [
    ("市民局", [("市民協働推進課", ""), ("市民活動支援課", "045-227-7915")]),
    ("こども青少年局", [("青少年育成課", "")]),
    ("環境創造局", [("公園緑地管理課", ""), ("北部農政事務所", "")]),
    ("健康福祉局", [("地域福祉保健課", "")]),
    ("都市整備局", [("地域まちづくり課", "")]),
]

# Seed 002, 各区の市民活動支援センター: centre name, ward, phone.
YOKOHAMA_WARD_CENTRES = [
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

# Organisations from the seeds' cases (seed 002). Representatives and contact details are
# fictitious; e-mail addresses use example.jp.
YOKOHAMA_ORGANISATIONS = [
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

YOKOHAMA = DemoCity(
    slug="yokohama", preset=City.Preset.YOKOHAMA, wards=YOKOHAMA_WARDS, ward_offices=True, bureaus=YOKOHAMA_BUREAUS,
    centres=[
        ("横浜市市民活動支援センター", C.CITYWIDE, "", "045-223-2666",
         "横浜市中区桜木町1-1-56 みなとみらい21 クリーンセンタービル4階・5階"),
        ("市民協働推進センター", C.PROMOTION, "", "", ""),
        *((name, C.WARD, ward, phone, "") for name, ward, phone in YOKOHAMA_WARD_CENTRES),
    ],
    organisations=YOKOHAMA_ORGANISATIONS,
    people=[
        Person("citizen", "citizen@example.jp", "港南 はるか", "港南台生き生きプレイパーク"),
        Person("member", "member@example.jp", "港南 けんた", "港南台生き生きプレイパーク"),
        Person("citizen2", "citizen2@example.jp", "戸塚 ゆめ子", "ふらっとステーション・ドリーム"),
        Person("staff", "staff@example.jp", "市民局 協働 一郎", "市民局 市民協働推進課", "担当係長"),
        Person("ward_staff", "ward-staff@example.jp", "港南区 振興 二郎", "港南区役所 地域振興課", "担当"),
        Person("coordinator", "coordinator@example.jp", "支援 センター子", "港南区民活動支援センター"),
        Person("coordinator2", "coordinator2@example.jp", "港南 つなぐ", "港南区民活動支援センター"),
        Person("committee", "committee1@example.jp", "審査 委員一"),
        Person("committee", "committee2@example.jp", "審査 委員二"),
        Person("committee", "committee3@example.jp", "審査 委員三"),
        Person("cityadmin", "cityadmin@example.jp", "横浜 管理 花子"),
    ],
    signatory=("港南 一太", "港南区長"),
)

# --- 小田原市 ------------------------------------------------------------------------------------
# The districts of the city's neighbourhood associations (自治会連合会の地区).
ODAWARA_DISTRICTS = [
    ("緑地区", "みどりちく"), ("新玉地区", "あらたまちく"), ("万年地区", "まんねんちく"), ("幸地区", "さいわいちく"),
    ("足柄地区", "あしがらちく"), ("久野地区", "くのちく"), ("早川地区", "はやかわちく"), ("片浦地区", "かたうらちく"),
    ("酒匂・小八幡地区", "さかわ・こやわたちく"), ("国府津地区", "こうづちく"), ("下府中地区", "しもふなかちく"),
    ("桜井地区", "さくらいちく"), ("富水地区", "とみずちく"), ("豊川地区", "とよかわちく"), ("前羽地区", "まえばちく"),
    ("橘北地区", "たちばなきたちく"),
]
ODAWARA_BUREAUS = [
    ("市民部", [("地域政策課", ""), ("文化政策課", "")]),
    ("企画部", [("企画政策課", "")]),
    ("福祉健康部", [("高齢介護課", "")]),
    ("子ども青少年部", [("子育て政策課", "")]),
    ("環境部", [("環境政策課", "")]),
    ("防災部", [("防災対策課", "")]),
    ("経済部", [("農政課", ""), ("観光課", "")]),
]
ODAWARA_ORGANISATIONS = [
    dict(
        name="早川地区まちづくり委員会", name_kana="ハヤカワチクマチヅクリイインカイ", kind=K.NEIGHBOURHOOD, ward="早川地区",
        representative_name="早川 しげる", representative_title="委員長", postal_code="250-0021",
        address="小田原市早川 早川地区公民館内", phone="0465-00-0101", email="hayakawa-machi@odawara.example.jp",
        founded_year=2011, member_count=30, fields=["community", "welfare", "elderly"], status=V,
        public_profile="自治会、地区社会福祉協議会、民生委員、PTA、老人クラブなど地区の各種団体が連携してつくった"
        "地域コミュニティ組織です。地域政策課と協定を結び、見守りや支え合いのモデル事業に取り組んでいます。",
    ),
    dict(
        name="NPO法人 おだわら子育てネットワーク", name_kana="エヌピーオーホウジン オダワラコソダテネットワーク", kind=K.NPO,
        ward="緑地区", representative_name="栄町 あかり", representative_title="理事長", postal_code="250-0011",
        address="小田原市栄町", phone="0465-00-0201", email="kosodate-net@odawara.example.jp", founded_year=2008,
        member_count=45, fields=["childcare", "education"], status=V,
        public_profile="子育て中の親子が気軽に集える「ひろば」と、子育て経験者による相談を続けています。",
    ),
    dict(
        name="酒匂川をきれいにする会", name_kana="サカワガワヲキレイニスルカイ", kind=K.CIVIC_GROUP, ward="酒匂・小八幡地区",
        representative_name="酒匂 なぎさ", representative_title="代表", postal_code="256-0816",
        address="小田原市酒匂", phone="0465-00-0301", email="sakawagawa@odawara.example.jp", founded_year=2003,
        member_count=60, fields=["environment"], status=V,
        public_profile="酒匂川の河川敷の清掃と、川の生きもの観察会を毎月行っている市民活動団体です。",
    ),
    dict(
        name="国府津地区自治会連合会", name_kana="コウヅチクジチカイレンゴウカイ", kind=K.NEIGHBOURHOOD, ward="国府津地区",
        representative_name="国府津 たけし", representative_title="会長", postal_code="256-0812",
        address="小田原市国府津", phone="0465-00-0401", email="kozu-jichikai@odawara.example.jp",
        fields=["safety", "community"], status=V,
        public_profile="国府津地区の自治会の連合会です。海沿いの地区として、津波避難訓練に力を入れています。",
    ),
    dict(
        name="小田原城下町ガイドの会", name_kana="オダワラジョウカマチガイドノカイ", kind=K.CIVIC_GROUP, ward="緑地区",
        representative_name="城山 ふみ", postal_code="250-0014", address="小田原市城内", phone="0465-00-0501",
        email="jokamachi-guide@odawara.example.jp", member_count=25, fields=["culture", "revitalisation"], status=V,
        public_profile="城下町の歴史と暮らしを、まち歩きで案内するボランティアガイドです。",
    ),
    dict(
        name="片浦みかんの里づくり協議会", name_kana="カタウラミカンノサトヅクリキョウギカイ", kind=K.NEIGHBOURHOOD,
        ward="片浦地区", representative_name="根府川 みのる", postal_code="250-0024", address="小田原市根府川",
        phone="0465-00-0601", email="kataura-mikan@odawara.example.jp", fields=["revitalisation", "environment"],
        status=P, public_profile="耕作放棄されたみかん畑を地域で手入れし、収穫体験を開いています。",
    ),
]
ODAWARA = DemoCity(
    slug="odawara", preset=City.Preset.ODAWARA, wards=ODAWARA_DISTRICTS, ward_offices=False, bureaus=ODAWARA_BUREAUS,
    centres=[("小田原市市民活動サポートセンター", C.CITYWIDE, "", "", "小田原市栄町 おだわら市民交流センター UMECO 内")],
    organisations=ODAWARA_ORGANISATIONS,
    people=[
        Person("citizen", "citizen@odawara.example.jp", "早川 しげる", "早川地区まちづくり委員会"),
        Person("member", "member@odawara.example.jp", "早川 みさき", "早川地区まちづくり委員会"),
        Person("citizen2", "citizen2@odawara.example.jp", "栄町 あかり", "NPO法人 おだわら子育てネットワーク"),
        Person("staff", "staff@odawara.example.jp", "地域 政策太", "市民部 地域政策課", "主査"),
        Person("coordinator", "coordinator@odawara.example.jp", "城山 つむぎ", "小田原市市民活動サポートセンター"),
        Person("coordinator2", "coordinator2@odawara.example.jp", "栢山 ゆい", "小田原市市民活動サポートセンター"),
        Person("committee", "committee1@example.jp", "審査 委員一"),
        Person("committee", "committee2@odawara.example.jp", "足柄 審査二"),
        Person("committee", "committee3@odawara.example.jp", "久野 審査三"),
        Person("cityadmin", "cityadmin@odawara.example.jp", "小田原 管理 次郎"),
    ],
    signatory=("小田原 一郎", "小田原市長"),
)

# --- 吉川市 --------------------------------------------------------------------------------------
YOSHIKAWA_DISTRICTS = [
    ("吉川地区", "よしかわちく"), ("旭地区", "あさひちく"), ("三輪野江地区", "みわのえちく"), ("美南地区", "みなみちく"),
]
YOSHIKAWA_BUREAUS = [
    ("市民生活部", [("市民参加推進課", "048-982-5111"), ("環境課", "")]),
    ("政策室", [("企画課", "")]),
    ("健康福祉部", [("長寿支援課", ""), ("子育て支援課", "")]),
    ("都市整備部", [("道路公園課", "")]),
    ("教育部", [("生涯学習課", "")]),
]
YOSHIKAWA_ORGANISATIONS = [
    dict(
        name="よしかわ市民活動フォーラム実行委員会", name_kana="ヨシカワシミンカツドウフォーラムジッコウイインカイ",
        kind=K.CIVIC_GROUP, ward="吉川地区", representative_name="吉川 なつみ", representative_title="実行委員長",
        postal_code="342-0038", address="吉川市吉川", phone="048-900-0101", email="forum@yoshikawa.example.jp",
        founded_year=2009, member_count=15, fields=["community", "education"], status=V,
        public_profile="市内の市民活動団体が集まり、活動を紹介し合う「NPOフォーラム」を市と共催しています。",
    ),
    dict(
        name="NPO法人 よしかわ子ども理科クラブ", name_kana="エヌピーオーホウジン ヨシカワコドモリカクラブ", kind=K.NPO,
        ward="美南地区", representative_name="美南 ひかる", representative_title="理事長", postal_code="342-0035",
        address="吉川市美南", phone="048-900-0201", email="rika-club@yoshikawa.example.jp", founded_year=2012,
        member_count=20, fields=["education", "childcare"], status=V,
        public_profile="元教員や技術者が、子どもたちと実験や工作を楽しむ理科教室を開いています。",
    ),
    dict(
        name="三輪野江道路里親の会", name_kana="ミワノエドウロサトオヤノカイ", kind=K.CIVIC_GROUP, ward="三輪野江地区",
        representative_name="三輪 こうじ", representative_title="会長", postal_code="342-0001",
        address="吉川市三輪野江", phone="048-900-0301", email="satooya@yoshikawa.example.jp", member_count=22,
        fields=["environment", "community"], status=V,
        public_profile="道路里親制度（アダプト）で、市道の清掃と花壇の手入れを続けています。",
    ),
    dict(
        name="旭地区自治会連合会", name_kana="アサヒチクジチカイレンゴウカイ", kind=K.NEIGHBOURHOOD, ward="旭地区",
        representative_name="旭 まさのり", representative_title="会長", postal_code="342-0006", address="吉川市旭",
        phone="048-900-0401", email="asahi-jichikai@yoshikawa.example.jp", fields=["safety", "community"], status=V,
        public_profile="旭地区の自治会の連合会です。中川・江戸川に挟まれた地区として水害への備えに取り組んでいます。",
    ),
    dict(
        name="なまずの里 子育てサークル", name_kana="ナマズノサト コソダテサークル", kind=K.CIVIC_GROUP, ward="吉川地区",
        representative_name="中川 ももか", postal_code="342-0038", address="吉川市吉川", phone="048-900-0501",
        email="namazu-kosodate@yoshikawa.example.jp", member_count=12, fields=["childcare"], status=P,
        public_profile="乳幼児と親が集まる月2回のひろばを開いています。",
    ),
]
YOSHIKAWA = DemoCity(
    slug="yoshikawa", preset=City.Preset.YOSHIKAWA, wards=YOSHIKAWA_DISTRICTS, ward_offices=False,
    bureaus=YOSHIKAWA_BUREAUS,
    centres=[("吉川市市民活動サポートセンター", C.CITYWIDE, "", "", "吉川市吉川")],
    organisations=YOSHIKAWA_ORGANISATIONS,
    people=[
        Person("citizen", "citizen@yoshikawa.example.jp", "吉川 なつみ", "よしかわ市民活動フォーラム実行委員会"),
        Person("member", "member@yoshikawa.example.jp", "吉川 そうた", "よしかわ市民活動フォーラム実行委員会"),
        Person("citizen2", "citizen2@yoshikawa.example.jp", "美南 ひかる", "NPO法人 よしかわ子ども理科クラブ"),
        Person("staff", "staff@yoshikawa.example.jp", "参加 推進子", "市民生活部 市民参加推進課", "主任"),
        Person("coordinator", "coordinator@yoshikawa.example.jp", "木売 あおい", "吉川市市民活動サポートセンター"),
        Person("coordinator2", "coordinator2@yoshikawa.example.jp", "保 はると", "吉川市市民活動サポートセンター"),
        Person("committee", "committee1@yoshikawa.example.jp", "吉川 審査一"),
        Person("committee", "committee2@yoshikawa.example.jp", "吉川 審査二"),
        Person("committee", "committee3@yoshikawa.example.jp", "吉川 審査三"),
        Person("cityadmin", "cityadmin@yoshikawa.example.jp", "吉川 管理 三郎"),
    ],
    signatory=("吉川 一郎", "吉川市長"),
)

DEMO_CITIES = {city.slug: city for city in (YOKOHAMA, ODAWARA, YOSHIKAWA)}


def demo_city() -> DemoCity:
    """The demo data of the city being loaded."""
    return DEMO_CITIES[current_city().slug]
