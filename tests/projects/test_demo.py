import io
from importlib import import_module

import pytest

from projects.models import Call, Proposal, ProposalStatus, Score

S = ProposalStatus


@pytest.mark.django_db
def test_demo_loads_every_state_idempotently():
    # The steps up to ours, in load_demo's order (later apps' demos are not ours to test).
    for _run in range(2):
        for path in ("kyodo.demo", "partners.demo", "projects.demo"):
            import_module(path).load(io.StringIO())
    assert Call.objects.filter(fiscal_year=2026).count() == 3
    by_title = {p.title: p for p in Proposal.objects.all()}
    assert by_title["港南台中央公園 プレイパーク事業"].status == S.ADOPTED
    assert by_title["寺家ふるさと村 子どもの自然体験ワークショップ"].status == S.BRUSHUP
    assert by_title["ドリームハイツ 多世代の居場所「ふらっとステーション」"].status == S.SUBMITTED
    screening = by_title["新羽駅周辺まちづくりプランの作成と実践"]
    assert screening.status == S.SCREENING
    assert set(Score.objects.filter(proposal=screening).values_list("member__email", flat=True)) == {
        "committee1@example.jp", "committee2@example.jp"
    }
    draft = Proposal.objects.get(status=S.DRAFT)
    assert draft.created_by.email == "citizen@example.jp"
    assert screening.call.screening_round.criteria.count() == 6
    assert Proposal.objects.count() == 5
    assert by_title["港南台中央公園 プレイパーク事業"].events.count() == 4


@pytest.mark.django_db
def test_each_demo_city_has_proposals_in_every_state_in_its_own_forms():
    from kyodo.democities import DEMO_CITIES
    from kyodo.models import CollaborationForm
    from kyodo.tenancy import activate
    from tests.factories import CityFactory

    for slug, demo in DEMO_CITIES.items():
        with activate(CityFactory(slug=slug, preset=demo.preset)):
            for path in ("kyodo.demo", "partners.demo", "projects.demo"):
                import_module(path).load(io.StringIO())
            proposals = list(Proposal.objects.select_related("organisation", "call__department"))
            assert {p.status for p in proposals} == {S.DRAFT, S.SUBMITTED, S.BRUSHUP, S.SCREENING, S.ADOPTED}, slug
            forms = set(CollaborationForm.objects.active().values_list("code", flat=True))
            assert {p.collaboration_form for p in proposals if p.collaboration_form} <= forms, slug
            assert {p.organisation.name for p in proposals} <= {o["name"] for o in demo.organisations}, slug
            assert Score.objects.filter(proposal__status=S.SCREENING).values("member").distinct().count() == 2, slug
            assert Call.objects.count() == 3, slug
    with activate(CityFactory(slug="yoshikawa")):
        assert set(Proposal.objects.exclude(start_type="").values_list("start_type", flat=True)) == {"A", "B", "C", "D"}
