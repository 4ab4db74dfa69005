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
