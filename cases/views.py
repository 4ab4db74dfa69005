"""Views: fetch → permission → form → service → redirect. An outsider gets 404 on a case; a
user who may see it but not act gets 403; workflow errors become a message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from kyodo.exports import csv_response
from kyodo.fiscal import current_fiscal_year, fiscal_year_label
from kyodo.paging import paginate
from kyodo.params import QueryParams
from kyodo.workflow import NotAllowed, TransitionError
from partners.models import SupportCentre

from . import forms, matching, permissions, selectors, services
from .models import Consultation, ConsultationStatus, Referral


def proposal_url(proposal) -> str:
    """The proposal's page, if the projects app provides one."""
    for name in ("projects:proposal_detail", "projects:proposal"):
        try:
            return reverse(name, args=[proposal.pk])
        except NoReverseMatch:
            continue
    return ""


def _case_or_404(request: HttpRequest, pk: int) -> Consultation:
    qs = Consultation.objects.select_related(
        "centre", "coordinator", "organisation", "ward", "proposal", "requested_by"
    ).prefetch_related(
        "topics", "fields",
        Prefetch("referrals", queryset=Referral.objects.select_related("department__parent", "organisation", "centre", "by")),
    )
    case = qs.filter(pk=pk).first()
    if case is None or not permissions.can_view_consultation(request.user, case):
        raise Http404
    return case


def _manage_or_403(request: HttpRequest, case: Consultation) -> None:
    decision = permissions.can_manage_consultation(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)


def _detail_context(request: HttpRequest, case: Consultation, **bound) -> dict:
    user = request.user
    can_manage = bool(permissions.can_manage_consultation(user, case))
    centre_qs = SupportCentre.objects.exclude(pk=case.centre_id)
    context = {
        "case": case,
        "show_personal": permissions.can_see_personal_details(user, case),
        "show_notes": permissions.can_see_case_notes(user, case),
        "can_manage": can_manage,
        "can_close": bool(permissions.can_close_consultation(user, case)),
        "can_reopen": bool(permissions.can_reopen_consultation(user, case)),
        "can_start_proposal": permissions.can_start_proposal(user, case),
        "proposal_url": proposal_url(case.proposal) if case.proposal_id else "",
        "today": timezone.localdate(),
    }
    if context["show_notes"]:
        context["contacts"] = case.contacts.select_related("by")
        context["introductions"] = case.introductions.select_related("department__parent", "organisation", "by")
        context["events"] = case.events.select_related(
            "actor", "from_coordinator", "to_coordinator", "from_centre", "to_centre"
        )
    if can_manage:
        referral_form = bound.get("referral_form") or forms.ReferralForm(prefix="referral")
        referral_form.fields["centre"].queryset = centre_qs
        context.update(
            contact_form=bound.get("contact_form") or forms.ContactForm(prefix="contact"),
            referral_form=referral_form,
            follow_up_form=bound.get("follow_up_form") or forms.FollowUpForm(
                prefix="followup", initial={"next_follow_up": case.next_follow_up}
            ),
            hand_over_form=bound.get("hand_over_form") or forms.HandOverForm(prefix="handover"),
            close_form=bound.get("close_form") or forms.CloseForm(prefix="close"),
        )
    return context


def _rerender(request: HttpRequest, case: Consultation, **bound) -> HttpResponse:
    return render(request, "cases/consultation_detail.html", _detail_context(request, case, **bound), status=400)


# --- Pages -----------------------------------------------------------------------------------
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles.is_coordinator:
        raise PermissionDenied(_("The queue is for coordinators."))
    params = QueryParams(request)
    status = params.choice("status", ConsultationStatus.values)
    section = params.choice("section", selectors.SECTIONS)
    today = timezone.localdate()
    # Listing one status or section: the queue's counts are still shown, its rows are not.
    queue = selectors.coordinator_queue(roles.centre_ids, today, limit=0 if status or section else selectors.SECTION_LIMIT)
    labels = {
        "overdue": (_("Overdue follow-ups"), "danger"),
        "due_today": (_("Follow-ups due today"), "warning"),
        "new_requests": (_("New requests from the portal"), "info"),
        "upcoming": (_("Upcoming follow-ups (next two weeks)"), "secondary"),
    }
    context = {
        "queue": queue,
        "sections": [
            (name, *labels[name], getattr(queue, name), queue.totals[name]) for name in selectors.SECTIONS
        ],
        "status": status,
        "statuses": ConsultationStatus.choices,
        "section": section,
        "today": today,
    }
    # One status, or one whole section of the queue, as its own paged list.
    if status:
        context["page"], context["query"] = paginate(request, selectors.cases_with_status(roles.centre_ids, status), 50)
    elif section:
        context["page"], context["query"] = paginate(request, selectors.queue_section(roles.centre_ids, section, today), 50)
    return render(request, "cases/consultation_queue.html", context)


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles.is_coordinator:
        raise PermissionDenied(_("Only coordinators record consultations."))
    centres = SupportCentre.objects.filter(pk__in=roles.centre_ids)
    form = forms.ConsultationForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        centre = data.pop("centre")
        try:
            case = services.consultation_record(centre=centre, by=request.user, **data)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(request, _("The consultation was recorded."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/consultation_form.html", {"form": form})


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    return render(request, "cases/consultation_detail.html", _detail_context(request, case))


def _run(request: HttpRequest, case: Consultation, action, success: str) -> HttpResponse:
    try:
        action()
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.ContactForm(request.POST, prefix="contact")
    if not form.is_valid():
        return _rerender(request, case, contact_form=form)
    return _run(
        request, case,
        lambda: services.consultation_add_contact(consultation=case, by=request.user, **form.cleaned_data),
        _("The contact was added to the timeline."),
    )


@login_required
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.ReferralForm(request.POST, prefix="referral")
    if not form.is_valid():
        return _rerender(request, case, referral_form=form)
    return _run(
        request, case,
        lambda: services.consultation_refer(consultation=case, by=request.user, **form.cleaned_data),
        _("The referral was recorded."),
    )


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.FollowUpForm(request.POST, prefix="followup")
    if not form.is_valid():
        return _rerender(request, case, follow_up_form=form)
    return _run(
        request, case,
        lambda: services.consultation_schedule_follow_up(
            consultation=case, on=form.cleaned_data["next_follow_up"], by=request.user
        ),
        _("The follow-up date was saved."),
    )


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.HandOverForm(request.POST, prefix="handover")
    if not form.is_valid():
        return _rerender(request, case, hand_over_form=form)
    response = _run(
        request, case,
        lambda: services.consultation_hand_over(consultation=case, by=request.user, **form.cleaned_data),
        _("The case was handed over."),
    )
    case.refresh_from_db(fields=["centre"])
    if not permissions.can_view_consultation(request.user, case):
        return redirect("cases:queue")
    return response


@login_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    return _run(
        request, case, lambda: services.consultation_take(consultation=case, by=request.user),
        _("You are now in charge of this case."),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.CloseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _rerender(request, case, close_form=form)
    return _run(
        request, case,
        lambda: services.consultation_close(consultation=case, reason=form.cleaned_data["reason"], by=request.user),
        _("The case was closed."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    return _run(
        request, case, lambda: services.consultation_reopen(consultation=case, by=request.user),
        _("The case was reopened."),
    )


@login_required
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    suggestions = matching.suggestions_for(case)
    introduced = case.introductions.values_list("department_id", "organisation_id")
    return render(request, "cases/consultation_matches.html", {
        "case": case,
        "departments": suggestions[matching.DEPARTMENT],
        "organisations": suggestions[matching.ORGANISATION],
        "introduced_departments": {d for d, _o in introduced if d},
        "introduced_organisations": {o for _d, o in introduced if o},
        "field_names": {f.pk: f.name for f in case.fields.all()},
        "weights": {
            "field": matching.FIELD_POINTS, "ward": matching.WARD_POINTS, "past": matching.PAST_POINTS,
            "past_cap": matching.PAST_CAP, "partner": matching.PARTNER_POINTS, "partner_cap": matching.PARTNER_CAP,
        },
    })


@login_required
@require_POST
def introduce(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    _manage_or_403(request, case)
    form = forms.IntroductionForm(request.POST)
    if not form.is_valid():  # one line per suggestion, limited by the browser too: say why, no page of forms
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("cases:matches", pk=case.pk)
    try:
        services.consultation_introduce(consultation=case, by=request.user, **form.cleaned_data)
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The introduction was recorded."))
    return redirect("cases:matches", pk=case.pk)


@login_required
def start_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    decision = permissions.can_start_proposal(request.user, case)
    if not decision:
        if case.proposal_id:
            messages.info(request, decision.reason)
            return redirect("cases:detail", pk=case.pk)
        raise PermissionDenied(decision.reason)
    form = forms.StartProposalForm(request.POST or None, initial={"title": case.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_start_proposal(consultation=case, by=request.user, **form.cleaned_data)
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("A proposal draft was started and linked to this case."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/consultation_start_proposal.html", {"case": case, "form": form})


@login_required
def request_consultation(request: HttpRequest) -> HttpResponse:
    from partners.models import Organisation

    roles = roles_of(request.user)
    if not roles.is_citizen:
        raise PermissionDenied(_("Consultations are asked for on behalf of an organisation you belong to."))
    organisations = Organisation.objects.filter(pk__in=roles.organisation_ids)
    first = organisations.first()
    # Suggest the centre of the group's ward; the group may choose any other.
    home_centre = SupportCentre.objects.filter(ward_id=first.ward_id).first() if first and first.ward_id else None
    form = forms.RequestForm(request.POST or None, organisations=organisations, initial={"centre": home_centre})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.consultation_request(by=request.user, **data)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(request, _("Your request was sent. A coordinator will contact you."))
        return redirect("cases:mine")
    return render(request, "cases/consultation_request.html", {"form": form})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A citizen's consultations: those of their organisations and those they asked for."""
    from django.db.models import Q

    roles = roles_of(request.user)
    cases = (
        Consultation.objects.filter(Q(organisation_id__in=roles.organisation_ids) | Q(requested_by=request.user))
        .select_related("centre", "organisation", "proposal").prefetch_related("topics").distinct()
    )
    return render(request, "cases/consultation_mine.html", {"cases": cases})


# --- Analysis --------------------------------------------------------------------------------
@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    decision = permissions.can_view_analysis(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    fy = QueryParams(request).fiscal_year()
    years = sorted(set(selectors.fiscal_years_with_cases()) | {current_fiscal_year(), fy}, reverse=True)
    closed, query = paginate(request, selectors.closed_without_collaboration(fy))
    return render(request, "cases/consultation_analysis.html", {
        "fy": fy,
        "fy_label": fiscal_year_label(fy),
        "years": [(y, fiscal_year_label(y)) for y in years],
        "counts": selectors.cached_consultation_counts(fy),
        "closed": closed,
        "page": closed,
        "query": query,
    })


CSV_HEADER = [
    "id", "opened_on", "fiscal_year", "centre", "channel", "visitor_kind", "visitor", "ward", "topics",
    "fields", "status", "closed_reason", "referrals", "proposal",
]


@login_required
def analysis_csv(request: HttpRequest) -> HttpResponse:
    """Anonymous export: no individual's name or contact, no free-text notes that may hold them."""
    decision = permissions.can_view_analysis(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    fy = QueryParams(request, strict=True).fiscal_year()
    cases = (
        Consultation.objects.in_fiscal_year(fy)
        .select_related("centre", "organisation", "ward", "proposal")
        .prefetch_related("topics", "fields", Prefetch(
            "referrals", queryset=Referral.objects.select_related("department__parent", "organisation", "centre")
        ))
        .order_by("opened_at", "pk")
    )
    rows = (
        [
            case.pk, timezone.localtime(case.opened_at).date().isoformat(), fy, case.centre.name,
            case.get_channel_display(), case.get_visitor_kind_display(), case.visitor_public_label(),
            case.ward.name if case.ward else "", "・".join(t.name for t in case.topics.all()),
            "・".join(f.name for f in case.fields.all()), case.get_status_display(), case.closed_reason,
            "・".join(str(r.target) for r in case.referrals.all()), case.proposal.title if case.proposal else "",
        ]
        for case in cases
    )
    return csv_response(f"consultations-FY{fy}.csv", CSV_HEADER, rows)


