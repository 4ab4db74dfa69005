from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from partners.models import Organisation, OrganisationEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label in {"partners", "kyodo"}], ids=str
)
def test_every_changelist_opens_with_search(client, admin_user, model):
    client.force_login(admin_user)
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "港南"})
    assert response.status_code == 200


def test_admin_action_verifies_through_the_service(client, admin_user):
    pending = OrganisationFactory(pending=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:partners_organisation_changelist"),
        {"action": "verify", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.VERIFIED
    assert OrganisationEvent.objects.filter(organisation=pending, actor=admin_user).exists()


def test_status_is_read_only_in_the_admin(client, admin_user):
    organisation = OrganisationFactory(pending=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:partners_organisation_change", args=[organisation.pk]))
    assert 'name="status"' not in response.content.decode()
