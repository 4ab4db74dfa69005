from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cases.models import Channel, Consultation, ConsultationTopic, VisitorKind
from projects.models import Call, Origin, Proposal
from tests import factories as f


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationTopic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"話題{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    centre = factory.SubFactory(f.SupportCentreFactory)
    opened_at = factory.LazyFunction(timezone.now)
    channel = Channel.VISIT
    organisation = factory.SubFactory(f.OrganisationFactory)
    visitor_kind = VisitorKind.CIVIC
    ward = factory.LazyAttribute(lambda o: o.organisation.ward if o.organisation else None)
    summary = factory.Sequence(lambda n: f"相談{n}")
    question = "公園で子どもが自由に遊べる場をつくりたい。"

    class Params:
        individual = factory.Trait(
            organisation=None, visitor_kind=VisitorKind.INDIVIDUAL,
            person_name="山田 太郎", person_contact="045-123-4567",
        )


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    origin = Origin.CITIZEN
    title = factory.Sequence(lambda n: f"令和8年度 市民発意型協働事業提案 {n}")
    department = factory.SubFactory(f.DepartmentFactory)
    fiscal_year = 2026
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    is_published = True


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    origin = Origin.CITIZEN
    organisation = factory.SubFactory(f.OrganisationFactory)
    title = factory.Sequence(lambda n: f"提案{n}")
    status = Proposal.Status.DRAFT

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.departments.set(extracted)

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.fields.set(extracted)

    @factory.post_generation
    def co_proposers(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.co_proposers.set(extracted)
