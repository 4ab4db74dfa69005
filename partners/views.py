"""Partner pages: the public directory and profiles, registering and editing an organisation,
its members and invitations, and the city's verification queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.paging import paginate
from kyodo.params import QueryParams
from kyodo.publiccache import ORGANISATIONS, public_page
from kyodo.workflow import NotAllowed, TransitionError

from . import permissions, services
from .filters import OrganisationFilter
from .forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganisationForm,
    OrganisationRegisterForm,
    VerificationForm,
)
from .models import Department, Invitation, Membership, Organisation, SupportCentre

PAGE_SIZE = 20


def _private_organisation(request: HttpRequest, pk: int) -> Organisation:
    """The organisation if the user may see its private pages; 404 otherwise (no leak)."""
    organisation = get_object_or_404(Organisation.objects.select_related("ward"), pk=pk)
    if not permissions.can_view_organisation_private(request.user, organisation):
        raise Http404
    return organisation


def _require(decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


# --- Public -------------------------------------------------------------------------------
@public_page(ORGANISATIONS)
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = Organisation.objects.public().select_related("ward").prefetch_related("fields")
    filterset = QueryParams(request).bind(OrganisationFilter, queryset=queryset)
    page, query = paginate(request, filterset.qs, PAGE_SIZE)
    return render(request, "partners/organisation_list.html", {"filter": filterset, "page": page, "query": query})


@public_page(ORGANISATIONS)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("ward").prefetch_related("fields"), pk=pk
    )
    if not permissions.can_view_organisation_profile(request.user, organisation):
        raise Http404
    return render(
        request, "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "can_see_private": permissions.can_view_organisation_private(request.user, organisation),
        },
    )


@public_page()
def department_list(request: HttpRequest) -> HttpResponse:
    departments = Department.objects.filter(parent__isnull=True).select_related("ward").prefetch_related(
        Prefetch("children", queryset=Department.objects.order_by("order", "id"))
    )
    return render(request, "partners/department_list.html", {"departments": departments})


@public_page()
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = SupportCentre.objects.select_related("ward")
    return render(request, "partners/centre_list.html", {"centres": centres})


# --- A user's own organisations -------------------------------------------------------------
@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("organisation", "organisation__ward")
        .order_by("organisation__name_kana")
    )
    return render(request, "partners/organisation_mine.html", {"memberships": memberships})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submission_key")
        try:
            organisation = services.organisation_register(data=data, by=request.user, submission_key=key)
        except ValidationError as exc:  # e.g. the same corporate number registered a moment ago
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The organisation is registered. The city will verify it before it is listed publicly.")
            )
            return redirect("partners:organisation_members", pk=organisation.pk)
    return render(request, "partners/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _private_organisation(request, pk)
    _require(permissions.can_edit_organisation(request.user, organisation))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
            return redirect("partners:organisation_members", pk=organisation.pk)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("partners:organisation_members", pk=organisation.pk)
    return render(request, "partners/organisation_form.html", {"form": form, "organisation": organisation})


def _members_context(request: HttpRequest, organisation: Organisation, invitation_form=None,
                     verification_form=None) -> dict:
    can_manage = permissions.can_manage_members(request.user, organisation)
    return {
        "organisation": organisation,
        "memberships": organisation.memberships.filter(is_active=True).select_related("user").order_by("-role", "id"),
        "invitations": organisation.invitations.open() if can_manage else [],
        "can_manage": can_manage,
        "can_edit": permissions.can_edit_organisation(request.user, organisation),
        "can_verify": permissions.can_verify_organisation(request.user, organisation),
        "can_reject": permissions.can_reject_organisation(request.user, organisation),
        "invitation_form": invitation_form or InvitationForm(),
        "verification_form": verification_form or VerificationForm(),
        "events": organisation.events.select_related("actor")[:10],
        "roles": Membership.Role.choices,
    }


@login_required
def organisation_members(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _private_organisation(request, pk)
    return render(request, "partners/organisation_members.html", _members_context(request, organisation))


# --- Members and invitations ----------------------------------------------------------------
@login_required
@require_POST
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _private_organisation(request, pk)
    _require(permissions.can_manage_members(request.user, organisation))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        context = _members_context(request, organisation, invitation_form=form)
        return render(request, "partners/organisation_members.html", context, status=400)
    try:
        invitation = services.invitation_create(
            organisation=organisation, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            by=request.user,
        )
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
    return redirect("partners:organisation_members", pk=organisation.pk)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    organisation = _private_organisation(request, invitation.organisation_id)
    _require(permissions.can_manage_members(request.user, organisation))
    services.invitation_cancel(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("partners:organisation_members", pk=organisation.pk)


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, by=request.user)
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("You are now a member of %(name)s.") % {"name": membership.organisation.name}
            )
            return redirect("partners:organisation_members", pk=membership.organisation_id)
    return render(request, "partners/invitation_accept.html", {"invitation": invitation})


@login_required
@require_POST
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, is_active=True)
    organisation = _private_organisation(request, membership.organisation_id)
    _require(permissions.can_manage_members(request.user, organisation))
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The role was changed."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("partners:organisation_members", pk=organisation.pk)


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, is_active=True)
    organisation = _private_organisation(request, membership.organisation_id)
    _require(permissions.can_manage_members(request.user, organisation))
    try:
        services.membership_remove(membership=membership, by=request.user)
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The member was removed."))
    return redirect("partners:organisation_members", pk=organisation.pk)


# --- Verification by the city ---------------------------------------------------------------
@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_verification_queue(request.user))
    organisations = (
        Organisation.objects.filter(status__in=[Organisation.Status.PENDING, Organisation.Status.REJECTED])
        .select_related("ward")
        .order_by("status", "created_at")
    )
    page, query = paginate(request, organisations)
    return render(
        request, "partners/verification_queue.html",
        {"organisations": page, "page": page, "query": query, "verification_form": VerificationForm()},
    )


def _decide(request: HttpRequest, pk: int, verify: bool) -> HttpResponse:
    organisation = _private_organisation(request, pk)
    _require(permissions.can_view_verification_queue(request.user))
    form = VerificationForm(request.POST)
    if not form.is_valid():  # the note as typed, with the reason, on the page its form is on
        context = _members_context(request, organisation, verification_form=form)
        return render(request, "partners/organisation_members.html", context, status=400)
    try:
        if verify:
            services.organisation_verify(organisation=organisation, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(name)s is verified.") % {"name": organisation.name})
        else:
            services.organisation_reject(organisation=organisation, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("%(name)s was not verified.") % {"name": organisation.name})
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    if request.POST.get("next") == "members":
        return redirect("partners:organisation_members", pk=pk)
    return redirect("partners:verification_queue")


@login_required
@require_POST
def organisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, verify=True)


@login_required
@require_POST
def organisation_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, verify=False)
