from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from agreements import demo, pdf
from agreements.models import Agreement, AgreementRender
from kyodo import seal

pytestmark = pytest.mark.django_db


def _load_all() -> str:
    from kyodo import demo as kyodo_demo
    from partners import demo as partners_demo

    out = io.StringIO()
    kyodo_demo.load(out)
    partners_demo.load(out)
    try:
        from projects import demo as projects_demo
    except ModuleNotFoundError:
        pass
    else:
        projects_demo.load(out)
    demo.load(out)
    return out.getvalue()


def test_demo_has_one_agreement_in_force_with_its_pdf_and_one_in_negotiation(settings, tmp_path):
    _load_all()
    _load_all()  # idempotent
    in_force = Agreement.objects.get(status="in_force")
    assert Agreement.objects.filter(status="draft").count() == 1
    render = AgreementRender.objects.get(version=in_force.in_force_version)
    assert render.status == "ready" and render.size < 300 * 1024
    # sealed by its city: intact, trusted, timestamped, validation data embedded
    assert seal.check_seal(render.file.open("rb").read(), key=pdf.register_seal_key()).valid
    assert in_force.milestones.count() == 3
    assert Client().get(reverse("agreements:register")).content.decode().count(in_force.number) >= 1


def test_home_page_panel_lists_the_users_agreements(client):
    _load_all()
    from accounts.models import User

    client.force_login(User.objects.get(email="citizen2@example.jp"))
    body = client.get(reverse("home")).content.decode()
    assert "ふらっとステーション・ドリーム 多世代の居場所づくり事業" in body


def test_each_demo_city_has_its_own_agreement_in_force_with_its_pdf_and_one_in_negotiation():
    from django.core.management import call_command

    from kyodo.models import City
    from kyodo.tenancy import activate

    call_command("load_demo", stdout=io.StringIO())
    for city in City.objects.all():
        with activate(city):
            in_force = Agreement.objects.get(status="in_force")
            assert in_force.parties.get(organisation__isnull=False).organisation.name == (
                demo.AGREEMENTS[city.slug]["in_force"]["org"]
            )
            assert AgreementRender.objects.get(version=in_force.in_force_version).status == "ready"
            assert in_force.milestones.count() >= 3
            negotiating = Agreement.objects.get(status="draft")
            assert negotiating.parties.get(organisation__isnull=False).organisation.name == (
                demo.AGREEMENTS[city.slug]["negotiating"]["org"]
            )
            body = Client(HTTP_HOST=city.hosts[0]).get(reverse("agreements:register")).content.decode()
            assert in_force.number in body and city.city_name in body
