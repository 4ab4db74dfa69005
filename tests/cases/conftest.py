import pytest

from tests import factories as f
from tests.cases.factories import CallFactory, ConsultationFactory


@pytest.fixture(autouse=True)
def _standard_topics(city):
    """What a city starts with in this app (cases.setup): the standard consultation topics."""
    if city is not None:
        from cases.setup import set_up

        set_up(city.preset)


@pytest.fixture
def case(centre, organisation, coordinator):
    """A walk-in consultation of the プレイパーク group at the 港南区 centre, with a contact person."""
    return ConsultationFactory(
        centre=centre, organisation=organisation, coordinator=coordinator, summary="プレイパークをつくりたい",
        person_name="港南 花子", person_contact="hanako@example.jp",
    )


@pytest.fixture
def individual_case(centre, coordinator):
    return ConsultationFactory(centre=centre, coordinator=coordinator, individual=True, summary="ボランティアを始めたい")


@pytest.fixture
def other_centre(db):
    return f.SupportCentreFactory(name="港北区市民活動支援センター")


@pytest.fixture
def other_coordinator(other_centre):
    return f.make_coordinator(other_centre)


@pytest.fixture
def colleague(centre):
    """A second coordinator at the same centre."""
    return f.make_coordinator(centre)


@pytest.fixture
def open_call(department):
    return CallFactory(department=department, title="令和8年度 市民発意型協働事業提案")
