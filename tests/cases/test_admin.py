import pytest

from cases.models import ConsultationStatus
from tests.cases.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_searches_and_filters_consultations(client, admin_user):
    ConsultationFactory(summary="プレイパークの相談", individual=True)
    client.force_login(admin_user)
    response = client.get("/admin/cases/consultation/", {"q": "プレイパーク", "status__exact": "open"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "プレイパークの相談" in html
    assert "山田 太郎" not in html


def test_admin_change_page_keeps_status_read_only_and_hides_personal_details(client, admin_user):
    case = ConsultationFactory(individual=True)
    client.force_login(admin_user)
    html = client.get(f"/admin/cases/consultation/{case.pk}/change/").content.decode()
    assert 'name="status"' not in html
    assert "山田 太郎" not in html and "045-123-4567" not in html


def test_admin_reopen_action_goes_through_the_service(client, admin_user):
    case = ConsultationFactory(status=ConsultationStatus.CLOSED, closed_reason="理由")
    client.force_login(admin_user)
    client.post("/admin/cases/consultation/", {"action": "reopen_cases", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == ConsultationStatus.FOLLOWING
    assert case.events.filter(kind="status", actor=admin_user).exists()


@pytest.mark.parametrize("model", ["consultationtopic", "consultationcontact", "referral", "introduction", "consultationevent"])
def test_other_admin_pages_load(client, admin_user, model):
    client.force_login(admin_user)
    assert client.get(f"/admin/cases/{model}/").status_code == 200
