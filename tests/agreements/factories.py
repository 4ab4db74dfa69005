"""Agreements test data: an adopted proposal made directly on the projects CORE fields, and
helpers that take an agreement through negotiation and signing via the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementVersion
from projects.models import Call, Origin, Proposal

PURPOSE = "港南台地区の子どもが外で思い切り遊べる場をつくり、地域で子どもを見守る関係を育てる。"


def make_adopted_proposal(organisation, department, **fields) -> Proposal:
    call = Call.objects.create(
        origin=Origin.CITIZEN, title="市民協働事業提案制度 令和8年度", department=department, fiscal_year=2026,
        deadline=timezone.now() - datetime.timedelta(days=90),
        period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31), is_published=True,
    )
    proposal = Proposal.objects.create(
        call=call, origin=Origin.CITIZEN, organisation=organisation, title=fields.pop("title", "港南台プレイパーク事業"),
        local_problem="子どもが外で遊ぶ場所と機会が減っている。", purpose=fields.pop("purpose", PURPOSE),
        activities="月2回、港南台中央公園でプレイパークを開催し、プレーリーダーを育成する。",
        collaboration_form="contribution", status="adopted", **fields,
    )
    proposal.departments.add(department)
    return proposal


def edit_content(version: AgreementVersion, **changes) -> dict:
    """The version's content in the shape the edit service takes, with `changes` applied."""
    content = {k: v for k, v in version.content.items() if k != "parties"}
    content.update(changes)
    return content


def draft(proposal, staff) -> Agreement:
    return services.agreement_create_from_proposal(proposal=proposal, by=staff)


def city_party(agreement):
    return agreement.parties.get(department__isnull=False)


def group_party(agreement):
    return agreement.parties.get(organisation__isnull=False)


def agree_all(agreement, staff, citizen) -> Agreement:
    agreement.refresh_from_db()
    version = agreement.current_version
    services.agreement_mark_agreed(agreement=agreement, party=city_party(agreement), version=version, by=staff)
    services.agreement_mark_agreed(agreement=agreement, party=group_party(agreement), version=version, by=citizen)
    agreement.refresh_from_db()
    return agreement


def sign_all(agreement, staff, citizen) -> Agreement:
    agreement.refresh_from_db()
    version = agreement.current_version
    for party, user in ((city_party(agreement), staff), (group_party(agreement), citizen)):
        services.agreement_sign_electronic(
            agreement=agreement, party=party, version=version, content_hash=version.content_hash, by=user,
            reauthenticated=True, ip_address="192.0.2.10", user_agent="pytest",
        )
    agreement.refresh_from_db()
    return agreement
