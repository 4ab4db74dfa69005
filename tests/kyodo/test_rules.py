from __future__ import annotations

import pytest
from django.core.management import call_command

from kyodo.models import (
    CheckSheetPoint,
    City,
    CollaborationForm,
    EvaluationItem,
    Principle,
    ScreeningCriterionPreset,
    StartType,
    WorkflowRule,
)
from kyodo.rules import load_preset

pytestmark = pytest.mark.django_db


def names(model, field="name"):
    return list(model.objects.active().values_list(field, flat=True))


def test_a_city_loads_its_preset(city):
    call_command("load_city_rules", "yokohama", "yokohama")
    profile = City.objects.get(pk=city.pk)
    assert (profile.city_name, profile.preset) == ("横浜市", "yokohama")
    assert names(Principle, "title") == [
        "対等の原則", "自主性尊重の原則", "自立化の原則", "相互理解の原則", "目的共有の原則", "公開の原則",
    ]
    assert {"共催", "実行委員会・協議会", "事業協力", "委託", "補助", "後援"} <= set(names(CollaborationForm))
    assert names(StartType, "code") == ["A", "B", "C", "D"]
    assert names(EvaluationItem) == ["相乗効果", "進捗", "手法の妥当性", "受益者満足度"]
    assert list(ScreeningCriterionPreset.objects.filter(is_public_benefit=True).values_list("name", flat=True)) == ["公益性"]
    assert ScreeningCriterionPreset.objects.count() == 6
    assert CheckSheetPoint.objects.filter(stage="planning").count() == 4
    assert CheckSheetPoint.objects.filter(stage="proceeding").count() == 3
    assert CheckSheetPoint.objects.filter(stage="reviewing").count() == 3
    assert WorkflowRule.objects.count() == 0


def test_yokohama_forms_map_to_its_four_agreement_templates():
    load_preset("yokohama")
    templates = dict(CollaborationForm.objects.values_list("name", "agreement_template"))
    assert templates["委託"] == "commission"
    assert templates["補助"] == "subsidy"
    assert templates["共催"] == "co_hosting"
    assert templates["事業協力"] == "contribution"
    assert templates["後援"] == "none"


def test_odawara_has_seven_forms_and_the_four_line_clause(city):
    call_command("load_city_rules", "yokohama", "odawara")
    assert names(CollaborationForm) == ["共催", "実行委員会・協議会", "事業協力", "指定管理者", "委託", "補助", "後援"]
    profile = City.objects.get(pk=city.pk)
    assert profile.principles_preamble == "甲と乙は、協働の精神に基づいて、双方とも次の原則を遵守する。"
    texts = names(Principle, "text")
    assert len(texts) == 4
    assert texts[0] == "互いの立場、長所や短所を理解・尊重し、自由に意見を交換できる関係を作る。"
    assert texts[3] == "定期的に事業の効果を検証・評価し、改善を行うとともに、事業の継続の可否についても検討する。"
    assert names(StartType, "code") == ["A", "B", "C", "D"]


def test_yoshikawa_has_nine_forms_start_types_and_four_rules():
    call_command("load_city_rules", "yokohama", "yoshikawa")
    assert len(names(CollaborationForm)) == 9
    assert "アダプト制度" in names(CollaborationForm)
    assert names(WorkflowRule) == ["目的共有・目標一致のルール", "役割分担のルール", "公開のルール", "評価のルール"]
    assert dict(StartType.objects.values_list("code", "name")) == {
        "A": "スタート時協力型", "B": "相互単独型", "C": "行政主導市民参加型", "D": "市民主導行政協力型",
    }


def test_loading_twice_changes_nothing():
    load_preset("yoshikawa")
    before = {m: list(m.objects.order_by("pk").values()) for m in (Principle, CollaborationForm, WorkflowRule)}
    load_preset("yoshikawa")
    after = {m: list(m.objects.order_by("pk").values()) for m in (Principle, CollaborationForm, WorkflowRule)}
    assert before == after


def test_switching_back_replaces_the_lists():
    load_preset("yoshikawa")
    load_preset("yokohama")
    assert WorkflowRule.objects.count() == 0
    assert Principle.objects.count() == 6
    assert "アダプト制度" in names(CollaborationForm)


def test_each_city_keeps_its_own_rules(city):
    from kyodo.tenancy import activate
    from tests.factories import CityFactory

    odawara = CityFactory(slug="odawara", preset="odawara")
    load_preset("yokohama")
    with activate(odawara):
        load_preset("odawara")
        assert len(names(Principle, "text")) == 4
    assert Principle.objects.count() == 6


def test_admin_edits_are_overwritten_only_by_a_preset_load(admin_client):
    load_preset("yokohama")
    form = CollaborationForm.objects.get(code="commission")
    response = admin_client.post(
        f"/admin/kyodo/collaborationform/{form.pk}/change/",
        {"code": "commission", "name": "委託（協働型）", "description": "", "agreement_template": "commission",
         "order": 5, "is_active": "on"},
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.name == "委託（協働型）"


def test_cities_are_added_on_the_platform_not_in_a_citys_admin(admin_client):
    assert admin_client.get("/admin/kyodo/city/add/").status_code == 403
