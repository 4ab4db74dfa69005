"""One organisation per submitted registration form; repeated member changes answered only to
whoever may manage the members."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from partners import services
from partners.models import Membership, Organisation
from tests.factories import WardFactory, make_citizen

pytestmark = pytest.mark.django_db


def form_data(key) -> dict:
    ward = WardFactory(name="港南区")
    return {
        "name": "港南台こども食堂", "name_kana": "コウナンダイコドモショクドウ", "kind": Organisation.Kind.CIVIC_GROUP,
        "representative_name": "港南 花子", "postal_code": "234-0054", "ward": ward.pk,
        "address": "横浜市港南区港南台1-1", "phone": "045-800-1234", "email": "shokudo@example.jp",
        "is_public": "on", "submission_key": str(key),
    }


def test_a_resent_registration_form_registers_one_organisation(client, outsider):
    client.force_login(outsider)
    data = form_data(uuid.uuid4())
    first = client.post(reverse("partners:organisation_create"), data)
    again = client.post(reverse("partners:organisation_create"), data)
    organisation = Organisation.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("partners:organisation_members", args=[organisation.pk])
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_the_registration_form_carries_a_fresh_key_each_time(client, outsider):
    client.force_login(outsider)
    pages = [client.get(reverse("partners:organisation_create")) for _ in "ab"]
    assert all('type="hidden" name="submission_key"' in page.content.decode() for page in pages)
    assert len({page.context["form"].initial["submission_key"] for page in pages}) == 2


def test_the_edit_form_carries_no_key(client, organisation, citizen):
    client.force_login(citizen)
    form = client.get(reverse("partners:organisation_edit", args=[organisation.pk])).context["form"]
    assert "submission_key" not in form.fields


def test_a_repeated_removal_is_refused_to_a_plain_member(organisation, citizen):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    leaving = make_citizen(organisation, role=Membership.Role.MEMBER)
    membership = Membership.objects.get(user=leaving)
    services.membership_remove(membership=membership, by=citizen)
    services.membership_remove(membership=membership, by=citizen)  # a repeat: harmless
    with pytest.raises(services.NotAllowed):
        services.membership_remove(membership=membership, by=member)


def test_a_repeated_role_change_is_refused_to_a_plain_member(organisation, citizen):
    member = make_citizen(organisation, role=Membership.Role.MEMBER)
    other = Membership.objects.get(user=make_citizen(organisation, role=Membership.Role.MEMBER))
    with pytest.raises(services.NotAllowed):
        services.membership_change_role(membership=other, role=Membership.Role.MEMBER, by=member)
