from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    """The code an authenticator app would show right now."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.enforce_2fa
@pytest.mark.parametrize("role", ["staff", "coordinator", "admin_user"])
def test_staff_without_totp_is_sent_to_enrolment(client, request, role):
    user = request.getfixturevalue(role)
    login(client, user)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "二要素認証が必要です" in response.content.decode()


@pytest.mark.enforce_2fa
def test_enrolment_pages_and_logout_stay_reachable(client, staff):
    login(client, staff)

    assert client.get(reverse("mfa_index")).status_code == 200
    # allauth asks for the password again before showing the QR code.
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert page.status_code == 200
    page = client.post(page.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "認証アプリ" in page.content.decode()
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.enforce_2fa
def test_other_account_pages_are_closed_until_enrolled(client, staff):
    login(client, staff)

    response = client.get(reverse("accounts:me"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.enforce_2fa
def test_staff_enrols_with_a_real_code_and_then_reaches_pages(client, staff):
    login(client, staff)
    redirect = client.get(reverse("home"))["Location"]
    reauthenticate = client.get(redirect)["Location"]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    assert client.post(reauthenticate, {"password": PASSWORD}).status_code == 302
    client.get(reverse("mfa_activate_totp"))  # allauth keeps the new secret in the session
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if current_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # allauth generates recovery codes with the first authenticator and shows them once.
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:me")).status_code == 200


@pytest.mark.enforce_2fa
def test_enrolled_staff_logs_in_with_password_and_code(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = login(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.enforce_2fa
def test_a_wrong_code_does_not_log_staff_in(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    login(client, staff)

    code = "123456" if current_code(secret) != "123456" else "654321"
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "コードが正しくありません" in response.content.decode()


@pytest.mark.enforce_2fa
@pytest.mark.parametrize("role", ["citizen", "committee_member", "outsider"])
def test_citizens_and_committee_members_are_not_forced(client, request, role):
    user = request.getfixturevalue(role)
    login(client, user)

    assert client.get(reverse("home")).status_code == 200


def test_the_setting_switches_enforcement_off_for_the_local_demo(client, staff, settings):
    assert settings.KYODO_REQUIRE_STAFF_2FA is False  # tests/conftest.py relaxes it unless marked
    login(client, staff)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "二要素認証がオフです" in response.content.decode()


def test_production_always_enforces_two_factor():
    import os
    import subprocess
    import sys

    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "kyodo.settings",
        "KYODO_ENV": "production",
        "KYODO_REQUIRE_STAFF_2FA": "0",
        "SECRET_KEY": "a-production-secret-key-for-this-test-only-0123456789abcdef",
        "ALLOWED_HOSTS": "kyodo.example.jp",
        "DEBUG": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.KYODO_REQUIRE_STAFF_2FA)"],
        env=env, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "True"


@pytest.mark.enforce_2fa
def test_htmx_requests_are_sent_to_enrolment_as_a_full_page(client, staff):
    login(client, staff)

    response = client.get(reverse("home"), headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == reverse("mfa_activate_totp")


def _reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.enforce_2fa
def test_staff_cannot_switch_their_required_second_factor_off(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    login(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    _reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert "多要素認証は無効化できません" in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_citizen_can_switch_two_factor_off(client, citizen):
    secret = generate_totp_secret()
    TOTP.activate(citizen, secret)
    login(client, citizen)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    _reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=citizen, type=Authenticator.Type.TOTP).exists()


@pytest.mark.enforce_2fa
def test_a_recovery_code_logs_staff_in_once(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    TOTP.activate(staff, generate_totp_secret())
    code = RecoveryCodes.activate(staff).generate_codes()[0]

    login(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk

    client.post(reverse("account_logout"))
    login(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


@pytest.mark.enforce_2fa
def test_recovery_codes_page_shows_unused_codes_after_enrolment(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    codes = RecoveryCodes.activate(staff).generate_codes()
    login(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    _reauthenticate(client)

    html = client.get(reverse("mfa_view_recovery_codes")).content.decode()

    assert "リカバリーコード" in html or "リカバリコード" in html
    assert codes[0] in html
