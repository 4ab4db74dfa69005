"""The permission matrix extended to the admin: every registered model, every role, objects
inside and outside the role's scope.

The portal's rules are the reference (`kyodo.visibility` declares them per model, built on each
app's `permissions.py`); these tests check that the admin obeys them at every door — change list,
change, history and delete pages, raw-id popups, autocomplete — and that no row or field of an
object outside a user's scope appears on any admin page that user can open.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from kyodo import visibility
from kyodo.adminsite import KyodoAdminSite, ScopedAdmin, ScopedInline

from .test_permission_matrix import client_for
from .world import ROLES, World

CHANGE_LINK = re.compile(r'href="/admin/(\w+)/(\w+)/(\d+)/change/')

# Text the test writes into rows that must stay private, with the object it belongs to: none of
# it may appear on an admin page of a user who may not see that object.
SECRETS = {
    "consultation": ("summary", "相談メモ-秘密-α"),
    "individual_consultation": ("summary", "個人相談-秘密-β"),
    "draft_proposal": ("title", "下書き提案-秘密-γ"),
}


def registered():
    return list(admin.site._registry.items())


def admin_url(model, action: str, pk=None) -> str:
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
    return reverse(name, args=[pk] if pk is not None else None)


def plant_secrets(world: World) -> list[str]:
    """Secrets in the world's private rows and a case referred to the other department (so that
    one member of staff is inside a case's scope and one outside), in the active city: the texts."""
    from cases.models import ConsultationContact, Referral
    from projects.models import ProposalMessage

    for name, (field, text) in SECRETS.items():
        obj = getattr(world, name)
        type(obj).objects.filter(pk=obj.pk).update(**{field: text})
    case = world.individual_consultation
    Referral.objects.create(consultation=case, department=world.other_department, by=world.user("coordinator"))
    ConsultationContact.objects.create(
        consultation=world.consultation, contacted_on=case.opened_at.date(), channel=case.channel,
        note="連絡メモ-秘密-δ", by=world.user("coordinator"),
    )
    ProposalMessage.objects.create(
        proposal=world.submitted_proposal, author=world.user("staff"), body="内部メモ-秘密-ε", is_internal=True,
    )
    return [text for _field, text in SECRETS.values()] + ["連絡メモ-秘密-δ", "内部メモ-秘密-ε"]


@pytest.fixture
def private_world(world: World) -> World:
    """The quality world, with secrets in its private rows (`plant_secrets`)."""
    plant_secrets(world)
    return world


def _secrets_outside_scope(world: World, user) -> dict[str, str]:
    """The secret texts of objects this user may not see."""
    from cases.models import ConsultationContact
    from projects.models import ProposalMessage

    out = {}
    for name, (_field, text) in SECRETS.items():
        if not visibility.can_see(user, getattr(world, name)):
            out[text] = name
    contact = ConsultationContact.objects.get(note="連絡メモ-秘密-δ")
    if not visibility.can_see(user, contact):
        out[contact.note] = "contact note"
    message = ProposalMessage.objects.get(body="内部メモ-秘密-ε")
    if not visibility.can_see(user, message):
        out[message.body] = "internal message"
    return out


# --- Every model has a rule, every admin applies it --------------------------------------------------
def test_every_registered_model_and_inline_has_a_visibility_rule():
    missing = [m._meta.label for m, _ in registered() if not visibility.has_rule(m)]
    missing += [
        inline.model._meta.label for _, a in registered() for inline in a.inlines if not visibility.has_rule(inline.model)
    ]
    assert not missing, f"models in the admin without a visibility rule: {missing}"


def test_registering_a_model_without_a_rule_is_refused():
    site = KyodoAdminSite(name="probe")
    with pytest.raises(ImproperlyConfigured, match="no visibility rule"):
        site.register(Session)


def test_every_admin_reads_through_the_rules(rf, world):
    request = rf.get("/admin/")
    request.user = world.user("admin")
    for model, model_admin in registered():
        assert isinstance(model_admin, ScopedAdmin), model._meta.label
        for inline in model_admin.get_inline_instances(request, None):
            assert isinstance(inline, ScopedInline), f"{model._meta.label}: {type(inline).__name__}"


# --- The rules agree with the portal's permission functions ----------------------------------------
def _portal_rules():
    from agreements.permissions import can_view_agreement
    from cases.permissions import can_see_case_notes, can_view_consultation
    from partners.permissions import can_view_organisation_profile
    from projects.permissions import can_see_scores, can_view_proposal
    from reviews.permissions import can_view_response

    return {
        "projects.Proposal": lambda u, o: bool(can_view_proposal(u, o)),
        "projects.Score": lambda u, o: o.member_id == u.pk or bool(can_see_scores(u, o.proposal)),
        "agreements.Agreement": lambda u, o: bool(can_view_agreement(u, o)),
        "cases.Consultation": lambda u, o: bool(can_view_consultation(u, o)),
        "cases.ConsultationContact": lambda u, o: can_see_case_notes(u, o.consultation),
        "cases.ConsultationEvent": lambda u, o: can_see_case_notes(u, o.consultation),
        "partners.Organisation": lambda u, o: bool(can_view_organisation_profile(u, o)),
        "reviews.PartyReviewResponse": lambda u, o: bool(can_view_response(u, o)),
    }


def test_the_rules_agree_with_the_portals_permission_functions(private_world):
    from django.apps import apps

    w = private_world
    _score(w)
    disagreements = []
    for label, portal_rule in _portal_rules().items():
        model = apps.get_model(label)
        for role in ROLES:
            user = w.user(role)
            if user is None or user.is_superuser:
                continue
            for obj in model.objects.all():
                if visibility.can_see(user, obj) != portal_rule(user, obj):
                    disagreements.append(f"{label} {obj.pk} as {role}: rule {visibility.can_see(user, obj)}")
    assert not disagreements, "\n".join(disagreements)


def _score(w: World):
    from projects.models import Score

    return Score.objects.create(proposal=w.screening_proposal, criterion=w.criterion, member=w.user("committee"), score=4)


# --- The admin's pages, as every role --------------------------------------------------------------
def _admin_roles(world: World) -> list[str]:
    return [r for r in ROLES if world.user(r) is not None and world.user(r).is_staff]


def test_roles_without_admin_access_are_sent_to_log_in(private_world):
    w = private_world
    for role in ROLES:
        if role in _admin_roles(w):
            continue
        client = client_for(w, role)
        for model, _ in registered():
            response = client.get(admin_url(model, "changelist"))
            assert response.status_code == 302 and "login" in response["Location"], (role, model._meta.label)


@pytest.mark.parametrize("role", ["staff", "other_staff", "admin"])
def test_admin_pages_show_only_what_the_portal_shows(private_world, role):
    w = private_world
    user = w.user(role)
    client = client_for(w, role)
    secrets = _secrets_outside_scope(w, user)
    problems: list[str] = []

    def check_body(url: str, body: str, rows: bool = False) -> None:
        """No secret anywhere; on a list (`rows`), no row outside the scope. (A change page may
        name a related person, e.g. who made a proposal, and link to a page that refuses them.)"""
        for text, whose in secrets.items():
            if text in body:
                problems.append(f"{url}: shows {whose} ({text})")
        for app_label, model_name, pk in CHANGE_LINK.findall(body) if rows else ():
            target = next(m for m, _ in registered() if m._meta.app_label == app_label and m._meta.model_name == model_name)
            if not visibility.can_see(user, target.objects.get(pk=pk)):
                problems.append(f"{url}: links to {app_label}.{model_name} {pk} outside the scope")

    for model, model_admin in registered():
        label = model._meta.label
        for suffix in ("", "?_popup=1&_to_field=id"):
            url = admin_url(model, "changelist") + suffix
            response = client.get(url)
            if response.status_code == 200:
                check_body(url, response.content.decode(), rows=True)
            elif response.status_code != 403:
                problems.append(f"{url}: {response.status_code}")
        for obj in model.objects.all():
            seen = visibility.can_see(user, obj)
            for action in ("change", "history", "delete"):
                url = admin_url(model, action, obj.pk)
                response = client.get(url)
                code = response.status_code
                if code == 200:
                    if not seen:
                        problems.append(f"{url}: {label} {obj.pk} outside the scope answers 200")
                    elif action == "delete" and not visibility.can_change(user, obj):
                        problems.append(f"{url}: delete page of a row the user may not change")
                    else:
                        check_body(url, response.content.decode())
                elif code not in (302, 403):
                    problems.append(f"{url}: {code}")
                elif seen and action != "delete" and model_admin.has_view_permission(_request(user)):
                    problems.append(f"{url}: {label} {obj.pk} inside the scope answers {code}")
    assert not problems, "\n".join(problems)


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("role", ["staff", "other_staff"])
def test_autocomplete_offers_only_visible_rows(private_world, role):
    w = private_world
    user = w.user(role)
    client = client_for(w, role)
    problems = []
    for model, model_admin in registered():
        for field_name in model_admin.autocomplete_fields:
            remote = model._meta.get_field(field_name).remote_field.model
            url = reverse("admin:autocomplete") + (
                f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}&field_name={field_name}&term="
            )
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code == 403, (url, response.status_code)
                continue
            ids = {int(r["id"]) for r in response.json()["results"]}
            allowed = set(visibility.visible(user, remote).values_list("pk", flat=True))
            if ids - allowed:
                problems.append(f"{url}: offers {sorted(ids - allowed)} outside the scope")
    assert not problems, "\n".join(problems)


# --- The cases the trust review found, named ---------------------------------------------------------
def test_staff_cannot_open_a_consultation_not_referred_to_them(private_world):
    w = private_world
    client = client_for(w, "staff")
    url = admin_url(type(w.consultation), "change", w.consultation.pk)
    assert client.get(f"/cases/{w.consultation.pk}/").status_code == 404
    response = client.get(url)
    assert response.status_code == 302
    listing = client.get(admin_url(type(w.consultation), "changelist")).content.decode()
    assert "相談メモ-秘密-α" not in listing


def test_referred_staff_see_the_case_in_the_admin_as_on_the_portal(private_world):
    w = private_world
    client = client_for(w, "other_staff")
    case = w.individual_consultation
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(admin_url(type(case), "change", case.pk)).status_code == 200


def test_scores_in_screening_are_hidden_from_staff_not_responsible(private_world):
    from projects.models import Score

    w = private_world
    score = _score(w)
    assert client_for(w, "staff").get(admin_url(Score, "change", score.pk)).status_code == 200
    assert client_for(w, "other_staff").get(admin_url(Score, "change", score.pk)).status_code == 302
    listing = client_for(w, "other_staff").get(admin_url(Score, "changelist")).content.decode()
    assert f"/admin/projects/score/{score.pk}/change/" not in listing


def test_a_drafts_events_and_attachments_stay_with_its_group(private_world):
    from projects.models import ProposalAttachment, ProposalEvent

    w = private_world
    ProposalEvent.objects.create(proposal=w.draft_proposal, from_status="", to_status="draft", actor=w.user("citizen"))
    for model in (ProposalEvent, ProposalAttachment):
        for row in model.objects.filter(proposal=w.draft_proposal):
            assert client_for(w, "staff").get(admin_url(model, "change", row.pk)).status_code == 302
            assert client_for(w, "admin").get(admin_url(model, "change", row.pk)).status_code == 200


def test_agreement_drafts_and_comments_of_non_parties_are_hidden(private_world):
    from agreements.models import AgreementComment, AgreementVersion

    w = private_world
    comment = AgreementComment.objects.create(
        agreement=w.draft_agreement, version=w.version, author=w.user("staff"), body="交渉メモ"
    )
    for model, pk in ((AgreementVersion, w.version.pk), (AgreementComment, comment.pk)):
        assert client_for(w, "staff").get(admin_url(model, "change", pk)).status_code == 200
        assert client_for(w, "other_staff").get(admin_url(model, "change", pk)).status_code == 302


def test_list_filter_choices_are_scoped(private_world):
    """A relation filter lists only related rows the user may see (here: proposals by title)."""
    from projects.models import ProposalEvent

    w = private_world
    ProposalEvent.objects.create(proposal=w.submitted_proposal, from_status="draft", to_status="submitted")
    body = client_for(w, "staff").get(admin_url(ProposalEvent, "changelist") + "?proposal__id__exact=" + str(
        w.draft_proposal.pk)).content.decode()
    assert "下書き提案-秘密-γ" not in body


def test_form_choices_accept_only_visible_rows(private_world):
    """A member of staff cannot point a call's screening round at a call they may not change, nor
    pick a department outside their own in a new call."""
    from projects.models import Call

    w = private_world
    client = client_for(w, "other_staff")
    response = client.post(admin_url(Call, "add"), {
        "origin": "citizen", "title": "他部署の募集", "department": w.department.pk, "fiscal_year": 2026,
        "opens_at_0": "2026-04-01", "opens_at_1": "09:00", "deadline_0": "2026-05-01", "deadline_1": "17:00",
    })
    assert response.status_code == 200  # the form again, with an error
    assert not Call.objects.filter(title="他部署の募集").exists()
