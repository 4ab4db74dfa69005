from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "tsurumi-river-2026"


def _signup(client, **overrides):
    data = {
        "email": "hanako@example.jp",
        "display_name": "横浜　花子",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides
    return client.post(reverse("account_signup"), data)


def test_signup_page_is_in_japanese_with_every_field_labelled(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ユーザー登録" in html
    for field in ("email", "display_name", "password1", "password2"):
        assert f'for="id_{field}"' in html
    # The portal's layout, not allauth's bare one.
    assert 'id="main"' in html and "skip-link" in html


def test_signup_sends_a_verification_mail_and_blocks_login_until_verified(client, mailoutbox):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="hanako@example.jp")
    assert user.display_name == "横浜 花子"  # NFKC: the full-width space became a normal one
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["hanako@example.jp"]
    assert mail.subject.startswith("[Kyodo] ")
    assert "協働ポータル" in mail.body

    client.logout()
    login = client.post(reverse("account_login"), {"login": "hanako@example.jp", "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    # Following the link in the mail verifies the address and logs the user in.
    confirm_url = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.body).group(1)
    assert client.get(confirm_url).status_code == 200
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_with_mismatched_passwords_keeps_input_and_explains_in_japanese(client, mailoutbox):
    response = _signup(client, password2="a-different-password-9")

    html = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.filter(email="hanako@example.jp").exists()
    assert 'value="hanako@example.jp"' in html
    assert 'value="横浜　花子"' in html
    assert "同じパスワードを入力してください" in html
    assert mailoutbox == []


def test_signup_without_a_name_is_refused_in_japanese(client):
    response = _signup(client, display_name="")

    assert response.status_code == 200
    assert "このフィールドは必須です" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_an_address_already_registered_creates_no_second_account(client, mailoutbox, citizen):
    response = _signup(client, email=citizen.email.upper())

    # allauth does not reveal that the address exists: it tells the owner by mail instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=citizen.email).count() == 1
    assert [m.to for m in mailoutbox] == [[citizen.email]]
