from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_page_uses_the_portal_layout_in_japanese(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "<h1" in html and "ログイン" in html
    assert 'for="id_login"' in html and 'for="id_password"' in html
    assert 'class="allauth-form entrance login' in html
    assert '<html lang="ja">' in html


def test_verified_user_logs_in_and_out(client, outsider):
    response = _login(client, outsider.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == outsider.pk

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_is_case_insensitive_on_the_email_address(client, outsider):
    response = _login(client, outsider.email.upper())
    assert int(client.session["_auth_user_id"]) == outsider.pk
    assert response.status_code == 302


def test_wrong_password_is_refused_in_japanese_and_keeps_the_address(client, outsider):
    response = _login(client, outsider.email, "not-the-password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "メールアドレスもしくはパスワードが正しくありません" in html
    assert f'value="{outsider.email}"' in html


def test_unverified_user_cannot_log_in(client):
    user = UserFactory(verified=False)
    response = _login(client, user.email)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail_with_a_working_link(client, outsider, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": outsider.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [outsider.email]
    assert "パスワード" in mail.subject

    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a-fresh-password-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(new_password)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.jp"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_sixth_failed_login_is_throttled_even_with_the_right_password(client, outsider):
    # Counted in the shared cache (Redis under scripts/test.sh), as in production.
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower() or "filebased" in settings.CACHES["default"]["BACKEND"].lower()
    for _attempt in range(5):
        response = _login(client, outsider.email, "wrong-password")
        assert response.status_code == 200
        assert "メールアドレスもしくはパスワードが正しくありません" in response.content.decode()

    response = _login(client, outsider.email)

    assert response.status_code in (200, 429)
    assert "ログイン失敗が連続しています" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_from_one_address_throttle_other_accounts_too(client, outsider):
    other = UserFactory()
    for _attempt in range(5):
        _login(client, other.email, "wrong-password")

    # Same IP, different account: the per-key limit is not reached, the per-IP limit is.
    response = _login(client, outsider.email)
    assert "ログイン失敗が連続しています" in response.content.decode()


def test_adding_a_second_address_sends_a_verification_mail(client, outsider, mailoutbox):
    client.force_login(outsider)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.jp"})

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["second@example.jp"]]
    assert outsider.emailaddress_set.filter(email="second@example.jp", verified=False).exists()
