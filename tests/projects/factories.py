from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from projects.models import BudgetLine, Call, Origin, Proposal, ProposalRole, ProposalStatus, RoleParty
from tests.factories import DepartmentFactory, OrganisationFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    origin = Origin.CITIZEN
    title = factory.Sequence(lambda n: f"令和8年度 市民発意型協働事業提案 {n}")
    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = 2026
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    is_published = True

    class Params:
        closed = factory.Trait(deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    origin = factory.LazyAttribute(lambda o: o.call.origin)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"プレイパーク事業 {n}")
    local_problem = "子どもが外で思い切り遊べる場所が少ない。"
    purpose = "地域の子どもが自由に遊べる場をつくる。"
    activities = "毎月2回、公園でプレイパークを開く。"
    beneficiaries = "港南台の子どもと保護者 年間1,000人"
    why_collaboration = "公園の利用調整は市、運営は団体が担うことで継続できる。"
    collaboration_form = "project-cooperation"
    start_type = "D"
    schedule = "4月 準備\n5月〜3月 毎月2回開催"
    status = ProposalStatus.DRAFT

    @factory.post_generation
    def content(obj, create, extracted, **kwargs):  # noqa: N805
        """Role and budget rows, so the proposal is complete enough to submit (content=False: none)."""
        if not create or extracted is False:
            return
        ProposalRole.objects.create(proposal=obj, task="プレイパークの運営", party=RoleParty.GROUP)
        ProposalRole.objects.create(proposal=obj, task="公園利用の調整", party=RoleParty.CITY)
        BudgetLine.objects.create(proposal=obj, item="遊具・道具", amount=300_000, city_share=200_000)
        BudgetLine.objects.create(proposal=obj, item="保険料", amount=50_000, city_share=0)

    class Params:
        submitted = factory.Trait(status=ProposalStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))
        brushup = factory.Trait(status=ProposalStatus.BRUSHUP, submitted_at=factory.LazyFunction(timezone.now))
        screening = factory.Trait(status=ProposalStatus.SCREENING, submitted_at=factory.LazyFunction(timezone.now))
        adopted = factory.Trait(
            status=ProposalStatus.ADOPTED, submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now), decision_reason="公益性が高い。",
        )
