"""A small world for the quality tests: one user per role and, for each app, objects owned by
the citizen's group and handled by the staff's department.

Each app's part is built by its own function and skipped (with the reason kept in
`world.missing`) when that app's models or services are not there: the apps are written in
parallel with these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests import factories as f

ROLES = ["anonymous", "citizen", "other_citizen", "staff", "other_staff", "coordinator", "committee", "admin"]


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role: str) -> Any:
        return self.users.get(role)


def build_people(w: World) -> None:
    o = w.objects
    o["ward"] = f.WardFactory(name="港南区")
    o["organisation"] = f.OrganisationFactory(name="港南台生き生きプレイパーク", ward=o["ward"])
    o["other_organisation"] = f.OrganisationFactory(name="ふらっとステーション・ドリーム")
    o["pending_organisation"] = f.OrganisationFactory(name="新羽駅周辺まちづくり", pending=True)
    o["department"] = f.DepartmentFactory(name="市民局")
    o["other_department"] = f.DepartmentFactory(name="環境創造局")
    o["centre"] = f.SupportCentreFactory(name="港南区市民活動支援センター", ward=o["ward"])
    o["field"] = f.FieldFactory(name="子育て", slug="childcare")
    w.users = {
        "anonymous": None,
        "citizen": f.make_citizen(o["organisation"]),
        "other_citizen": f.make_citizen(o["other_organisation"]),
        "staff": f.make_staff(o["department"]),
        "other_staff": f.make_staff(o["other_department"]),
        "coordinator": f.make_coordinator(o["centre"]),
        "committee": f.UserFactory(is_committee_member=True),
        "admin": f.UserFactory(is_staff=True, is_superuser=True),
    }
    o["member"] = f.make_citizen(o["organisation"], role="member")
    from partners.models import Invitation, Membership

    o["membership"] = Membership.objects.get(user=o["member"], organisation=o["organisation"])
    o["invitation"] = Invitation.objects.create(
        organisation=o["organisation"], email="invitee@example.jp", invited_by=w.users["citizen"]
    )


def build_projects(w: World) -> None:
    from projects.models import Call, Origin, Proposal, ProposalMessage, ScreeningCriterion, ScreeningRound

    o, u = w.objects, w.users
    now = timezone.now()
    o["call"] = Call.objects.create(
        origin=Origin.CITIZEN, title="令和8年度 市民発意型協働事業提案", department=o["department"], fiscal_year=2026,
        opens_at=now - dt.timedelta(days=10), deadline=now + dt.timedelta(days=20), is_published=True,
        period_start=dt.date(2026, 4, 1), period_end=dt.date(2027, 3, 31),
    )
    o["closed_call"] = Call.objects.create(
        origin=Origin.CITIZEN, title="令和7年度 市民発意型協働事業提案", department=o["department"], fiscal_year=2025,
        opens_at=now - dt.timedelta(days=200), deadline=now - dt.timedelta(days=100), is_published=True,
        period_start=dt.date(2025, 4, 1), period_end=dt.date(2026, 3, 31),
    )
    from tests.projects.factories import ProposalFactory

    def proposal(name: str, call, **traits) -> Proposal:
        p = ProposalFactory(call=call, organisation=o["organisation"], created_by=u["citizen"], ward=o["ward"], **traits)
        p.departments.add(o["department"])
        o[name] = p
        return p

    proposal("draft_proposal", o["call"])
    proposal("submitted_proposal", o["call"], submitted=True)
    proposal("screening_proposal", o["closed_call"], screening=True)
    proposal("adopted_proposal", o["closed_call"], adopted=True)
    o["message"] = ProposalMessage.objects.create(
        proposal=o["submitted_proposal"], author=u["staff"], body="予算の内訳を教えてください。"
    )
    round_ = ScreeningRound.objects.create(call=o["closed_call"], name="令和7年度 審査会")
    round_.members.add(u["committee"])
    o["round"] = round_
    o["criterion"] = ScreeningCriterion.objects.create(round=round_, name="公益性", is_public_benefit=True)
    ScreeningCriterion.objects.create(round=round_, name="実現性", order=1)
    try:
        from projects.models import ProposalRevision

        o["revision"] = ProposalRevision.objects.create(
            proposal=o["submitted_proposal"], number=1, snapshot={"title": o["submitted_proposal"].title},
            created_by=u["citizen"],
        )
    except Exception:  # noqa: BLE001 - revisions are optional for the world
        pass


def build_attachment(w: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects import services

    upload = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    w.objects["attachment"] = services.proposal_add_attachment(
        proposal=w.objects["draft_proposal"], upload=upload, by=w.users["citizen"]
    )


def build_agreements(w: World) -> None:
    from agreements.models import AgreementMilestone
    from tests.agreements.factories import agree_all, draft, sign_all

    o, u = w.objects, w.users
    agreement = draft(o["adopted_proposal"], u["staff"])
    o["draft_agreement"] = agreement
    o["version"] = agreement.current_version
    o["city_party"] = agreement.parties.get(department__isnull=False)
    o["group_party"] = agreement.parties.get(organisation__isnull=False)
    # A second adopted proposal whose agreement is signed and in force.
    from tests.projects.factories import ProposalFactory

    second = ProposalFactory(call=o["closed_call"], organisation=o["organisation"], adopted=True,
                             title="子どものワークショップ")
    second.departments.add(o["department"])
    o["second_adopted_proposal"] = second
    signed = draft(second, u["staff"])
    agree_all(signed, u["staff"], u["citizen"])
    sign_all(signed, u["staff"], u["citizen"])
    signed.refresh_from_db()
    o["agreement"] = signed
    o["signed_version"] = signed.in_force_version or signed.current_version
    o["signed_city_party"] = signed.parties.get(department__isnull=False)
    o["signed_group_party"] = signed.parties.get(organisation__isnull=False)
    o["milestone"] = AgreementMilestone.objects.create(
        agreement=signed, version=o["signed_version"], title="中間振り返り",
        due_date=timezone.localdate() + dt.timedelta(days=10), kind=AgreementMilestone.Kind.MID_TERM,
    )
    o["future_milestone"] = AgreementMilestone.objects.create(
        agreement=signed, version=o["signed_version"], title="最終振り返り",
        due_date=timezone.localdate() + dt.timedelta(days=200), kind=AgreementMilestone.Kind.FINAL,
    )


def build_reviews(w: World) -> None:
    from reviews import services
    from reviews.models import ProjectTarget
    from tests.reviews.factories import make_rules

    o, u = w.objects, w.users
    make_rules()
    o["review"] = services.review_open(milestone=o["milestone"], by=u["staff"])
    kind = ProjectTarget._meta.get_field("kind").choices[0][0]
    o["target"] = services.target_create(
        agreement=o["agreement"], kind=kind, description="プレイパーク開催回数", target_value=24, unit="回", by=u["staff"]
    )


def build_cases(w: World) -> None:
    from tests.cases.factories import ConsultationFactory

    o, u = w.objects, w.users
    o["consultation"] = ConsultationFactory(
        centre=o["centre"], coordinator=u["coordinator"], organisation=o["organisation"], ward=o["ward"],
        requested_by=u["citizen"], summary="プレイパークの場所探し",
    )
    o["individual_consultation"] = ConsultationFactory(centre=o["centre"], coordinator=u["coordinator"], individual=True)


PARTS: list[tuple[str, Callable[[World], None]]] = [
    ("projects", build_projects),
    ("attachment", build_attachment),
    ("agreements", build_agreements),
    ("reviews", build_reviews),
    ("cases", build_cases),
]


def build_world() -> World:
    from django.db import transaction

    w = World()
    build_people(w)
    for name, part in PARTS:
        try:
            with transaction.atomic():
                part(w)
        except Exception as exc:  # noqa: BLE001 - an app still being written: its URLs get skipped
            w.missing[name] = f"{type(exc).__name__}: {exc}"
    return w
