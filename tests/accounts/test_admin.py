from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_is_titled_in_japanese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Kyodo 管理サイト" in html


def test_user_changelist_searches_by_email_and_name(admin_client):
    UserFactory(email="yamada@example.jp", display_name="山田 太郎")
    UserFactory(email="suzuki@example.jp", display_name="鈴木 一郎")

    html = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "山田"}).content.decode()

    assert "yamada@example.jp" in html
    assert "suzuki@example.jp" not in html


@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "is_active"])
def test_user_changelist_filters_by_flag(admin_client, field):
    flagged = UserFactory(**{field: True})
    plain = UserFactory(is_active=False) if field == "is_active" else UserFactory()

    html = admin_client.get(reverse("admin:accounts_user_changelist"), {f"{field}__exact": "1"}).content.decode()

    assert flagged.email in html
    assert plain.email not in html


def test_user_change_page_shows_roles_and_postings(admin_client, citizen, organisation):
    html = admin_client.get(reverse("admin:accounts_user_change", args=[citizen.pk])).content.decode()

    assert "市民団体メンバー" in html
    assert organisation.name in html or f'value="{organisation.pk}"' in html


def test_admin_adds_a_user_by_email(admin_client):
    from accounts.models import User

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new-staff@example.jp",
            "display_name": "新任 職員",
            "usable_password": "true",
            "password1": "a-long-password-2026",
            "password2": "a-long-password-2026",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="new-staff@example.jp").check_password("a-long-password-2026")


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_login_form_cannot_bypass_two_factor(client, admin_user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import PASSWORD

    TOTP.activate(admin_user, generate_totp_secret())
    client.post(reverse("admin:login"), {"username": admin_user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_non_staff_user_is_refused_by_the_admin(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("admin:login")).status_code == 403
