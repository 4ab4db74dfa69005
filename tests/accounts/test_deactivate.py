"""People are deactivated, never deleted: what they did stays on record and names them."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_deactivate
from kyodo.workflow import NotAllowed
from partners.models import CoordinatorPosting, Membership, StaffPosting
from projects import services as project_services
from projects.models import ConflictDeclaration, Score
from tests import factories as f
from tests.projects.factories import CallFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(department, staff):
    """A proposal in screening with one member's scores and another member's conflict declaration."""
    proposal = ProposalFactory(call=CallFactory(department=department), screening=True)
    round_ = project_services.screening_round_for_call(call=proposal.call, by=staff)
    scorer, conflicted = f.UserFactory(is_committee_member=True), f.UserFactory(is_committee_member=True)
    round_.members.add(scorer, conflicted)
    project_services.scores_submit(
        proposal=proposal, scores={c.pk: (3, "妥当") for c in round_.criteria.all()}, by=scorer
    )
    project_services.conflict_declare(proposal=proposal, reason="団体の役員を務めている", by=conflicted)
    return proposal, scorer, conflicted


def test_scores_and_conflict_declarations_protect_their_member(screened):
    proposal, scorer, conflicted = screened
    for user in (scorer, conflicted):
        with pytest.raises(ProtectedError):
            user.delete()
    assert Score.objects.filter(member=scorer, proposal=proposal).exists()
    assert ConflictDeclaration.objects.filter(member=conflicted, proposal=proposal).exists()


def test_every_record_of_what_a_person_did_protects_them():
    """No relation from an accountability record to the user cascades or forgets the person."""
    from django.apps import apps

    forgetful = [
        f"{field.model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"projects", "agreements", "reviews", "cases", "partners"}
        for field in model._meta.get_fields()
        if getattr(field, "remote_field", None) and field.many_to_one and field.related_model is User
        and field.remote_field.on_delete.__name__ != "PROTECT"
    ]
    # The coordinator in charge is the case's present state, not a record (hand-over events are).
    # Postings are where a person works now; deactivation ends them.
    assert sorted(forgetful) == [
        "cases.Consultation.coordinator", "partners.CoordinatorPosting.user", "partners.StaffPosting.user",
    ]


def test_deactivation_ends_logins_memberships_and_postings(admin_user, organisation, department, centre):
    person = f.make_citizen(organisation)
    StaffPosting.objects.create(user=person, department=department)
    CoordinatorPosting.objects.create(user=person, centre=centre)
    client = Client()
    client.force_login(person)
    assert Session.objects.count() == 1

    user_deactivate(user=person, by=admin_user)

    person.refresh_from_db()
    assert not person.is_active
    membership = Membership.objects.get(user=person)  # kept, for the record
    assert not membership.is_active
    assert not StaffPosting.objects.filter(user=person).exists()
    assert not CoordinatorPosting.objects.filter(user=person).exists()
    assert not Session.objects.exists()
    assert client.get(reverse("projects:my_proposals")).status_code == 302  # back to the login page


def test_deactivating_twice_is_harmless(admin_user, citizen):
    user_deactivate(user=citizen, by=admin_user)
    assert user_deactivate(user=citizen, by=admin_user).is_active is False


def test_only_administrators_deactivate_and_never_themselves(admin_user, staff, citizen):
    with pytest.raises(NotAllowed):
        user_deactivate(user=citizen, by=staff)
    with pytest.raises(NotAllowed):
        user_deactivate(user=admin_user, by=admin_user)
    citizen.refresh_from_db()
    assert citizen.is_active


def test_the_admin_offers_no_delete_of_a_person_even_to_superusers(admin_client, citizen):
    assert admin_client.get(reverse("admin:accounts_user_delete", args=[citizen.pk])).status_code == 403
    change = admin_client.get(reverse("admin:accounts_user_change", args=[citizen.pk])).content.decode()
    assert reverse("admin:accounts_user_delete", args=[citizen.pk]) not in change
    actions = admin_client.get(reverse("admin:accounts_user_changelist")).context["action_form"].fields["action"]
    names = [name for name, _label in actions.choices]
    assert "deactivate" in names and "delete_selected" not in names
    assert User.objects.filter(pk=citizen.pk).exists()


def test_the_admin_action_deactivates_through_the_service(admin_client, citizen, organisation):
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [citizen.pk]},
        follow=True,
    )
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert not citizen.is_active
    assert not Membership.objects.get(user=citizen).is_active


def test_deactivation_ends_the_persons_places_in_every_city(admin_user, organisation, department):
    from accounts.models import CityRole
    from kyodo.tenancy import activate

    person = f.make_citizen(organisation)
    CityRole.objects.create(user=person, role=CityRole.Role.COMMITTEE)
    other_city = f.CityFactory(slug="odawara", city_name="小田原市")
    with activate(other_city):
        f.MembershipFactory(user=person, organisation=f.OrganisationFactory(name="小田原まちづくり会議"))
        StaffPosting.objects.create(user=person, department=f.DepartmentFactory(name="企画部"))

    user_deactivate(user=person, by=admin_user)

    assert not Membership.objects.get(user=person).is_active
    assert not CityRole.objects.filter(user=person).exists()
    with activate(other_city):
        assert not Membership.objects.get(user=person).is_active
        assert not StaffPosting.objects.filter(user=person).exists()


def test_a_citys_administrator_cannot_close_an_account_that_serves_other_cities(citizen):
    from accounts.models import CityRole

    city_admin = f.UserFactory()
    CityRole.objects.create(user=city_admin, role=CityRole.Role.ADMIN)
    with pytest.raises(NotAllowed):
        user_deactivate(user=citizen, by=city_admin)
