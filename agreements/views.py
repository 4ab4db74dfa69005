"""Agreement pages: negotiation, comparison, agreement marks, signing, PDF progress, history,
and the public register with verification."""

from __future__ import annotations

import difflib
import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_of
from kyodo import seal, visibility
from kyodo.paging import paginate
from kyodo.params import QueryParams
from kyodo.publiccache import AGREEMENTS, ORGANISATIONS, public_page
from kyodo.workflow import NotAllowed, TransitionError

from . import pdf, permissions, services
from .content import clauses, cost_totals
from .forms import (
    CommentForm,
    ContentForm,
    CostFormSet,
    MilestoneFormSet,
    PaperSignatureForm,
    RoleFormSet,
    SignatoryForm,
    SignForm,
    VerifyForm,
    rows,
)
from .models import Agreement, AgreementParty, AgreementRender, AgreementVersion, Signature


def _require(decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    """The agreement if the user is a party (or admin); 404 otherwise, so nothing leaks."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("proposal", "current_version", "in_force_version").prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation", "department"))
        ),
        pk=pk,
    )
    if not permissions.can_view_agreement(request.user, agreement):
        raise Http404
    return agreement


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# --- Re-authentication --------------------------------------------------------------------------
def recently_reauthenticated(request: HttpRequest) -> bool:
    """allauth's record of a re-authentication within ACCOUNT_REAUTHENTICATION_TIMEOUT. Staff
    with a second factor must have re-authenticated with it (MFA), not with the password alone."""
    from allauth.account.internal.flows.login import get_authentication_records
    from allauth.mfa.utils import is_mfa_enabled

    now = time.time()
    recent = [
        r for r in get_authentication_records(request, request.user)
        if r.get("reauthenticated") and now - r.get("at", 0) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    ]
    if roles_of(request.user).needs_two_factor and is_mfa_enabled(request.user):
        return any(r.get("method") == "mfa" for r in recent)
    return bool(recent)


def _reauthenticate_url(request: HttpRequest) -> str:
    from allauth.mfa.utils import is_mfa_enabled

    name = "account_reauthenticate"
    if roles_of(request.user).needs_two_factor and is_mfa_enabled(request.user):
        name = "mfa_reauthenticate"
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


# --- Lists ---------------------------------------------------------------------------------------
@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = visibility.visible(
        request.user, Agreement.objects.select_related("current_version").order_by("-created_at", "-id")
    )
    page, query = paginate(request, agreements)
    return render(request, "agreements/agreement_list.html", {"agreements": page, "page": page, "query": query})


@login_required
@require_POST
def agreement_create(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    from projects.models import Proposal

    proposal = get_object_or_404(Proposal, pk=proposal_pk)
    _require(permissions.can_create_agreement(request.user, proposal))
    agreement = services.agreement_create_from_proposal(proposal=proposal, by=request.user)
    messages.success(request, _("The draft agreement was created from the proposal."))
    return redirect("agreements:detail", pk=agreement.pk)


# --- One agreement -------------------------------------------------------------------------------
def _party_rows(request: HttpRequest, agreement: Agreement) -> list[dict]:
    version = agreement.current_version
    agreed = set(version.party_agreements.values_list("party_id", flat=True)) if version else set()
    signatures = {s.party_id: s for s in version.signatures.all()} if version else {}
    out = []
    for party in agreement.parties.all():
        out.append({
            "party": party,
            "agreed": party.pk in agreed,
            "signature": signatures.get(party.pk),
            "can_agree": bool(permissions.can_agree_agreement(request.user, agreement, party))
            and party.pk not in agreed,
            "can_sign": bool(permissions.can_sign_agreement(request.user, agreement, party))
            and party.pk not in signatures,
        })
    return out


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _agreement(request, pk))


def _detail(request: HttpRequest, agreement: Agreement, comment_form: CommentForm | None = None) -> HttpResponse:
    """The agreement's page; a comment that did not validate is shown as typed, with the reason."""
    version = agreement.current_version
    user = request.user
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement,
        "version": version,
        "clauses": clauses(version.content),
        "totals": cost_totals(version.content),
        "party_rows": _party_rows(request, agreement),
        "versions": agreement.versions.select_related("author").order_by("-number"),
        "comments": agreement.comments.select_related("author", "version"),
        "comment_form": comment_form or CommentForm(),
        "render": AgreementRender.objects.filter(version=agreement.in_force_version).first()
        if agreement.in_force_version_id else None,
        "can_edit": permissions.can_edit_agreement(user, agreement),
        "can_comment": permissions.can_comment_agreement(user, agreement),
        "can_amend": permissions.can_amend_agreement(user, agreement),
        "can_paper": permissions.can_record_paper_signature(user, agreement),
        "can_history": permissions.can_view_history(user, agreement),
        "can_retry": permissions.can_retry_render(user, agreement),
    }, status=400 if comment_form else 200)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    version = get_object_or_404(agreement.versions, number=number)
    return render(request, "agreements/version_detail.html", {
        "agreement": agreement, "version": version, "clauses": clauses(version.content),
        "signatures": version.signatures.select_related("party"),
        "marks": version.party_agreements.select_related("party", "agreed_by"),
    })


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Line diff as (op, text) with op in {"same", "removed", "added"}: marked by words and
    symbols in the template, not by colour alone."""
    out: list[tuple[str, str]] = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        code, text = line[:2], line[2:]
        if code == "  ":
            out.append(("same", text))
        elif code == "- ":
            out.append(("removed", text))
        elif code == "+ ":
            out.append(("added", text))
    return out


def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    versions = list(agreement.versions.order_by("number"))
    by_number = {v.number: v for v in versions}
    params = QueryParams(request)
    try:
        a = by_number[params.number("a") or (versions[-2].number if len(versions) > 1 else 1)]
        b = by_number[params.number("b") or versions[-1].number]
    except (KeyError, IndexError):
        raise Http404 from None
    old, new = clauses(a.content), clauses(b.content)
    compared = [
        {"heading": n.heading, "changed": o.text != n.text, "lines": _diff(o.text, n.text)}
        for o, n in zip(old, new, strict=True)
    ]
    return render(request, "agreements/version_compare.html", {
        "agreement": agreement, "a": a, "b": b, "versions": versions, "compared": compared,
        "changed_count": sum(1 for c in compared if c["changed"]),
    })


def _edit_initial(version: AgreementVersion) -> tuple[dict, list, list, list]:
    content = version.content
    main = {k: content.get(k, "") for k in ContentForm.base_fields if k != "note"}
    return main, content.get("roles", []), content.get("costs", []), content.get("review_schedule", [])


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_edit_agreement(request.user, agreement))
    parties = list(agreement.parties.all())
    choices = [(p.label, f"{p.label} {p.name}") for p in parties]
    main, role_rows, cost_rows, schedule = _edit_initial(agreement.current_version)
    data = request.POST if request.method == "POST" else None
    form = ContentForm(data, initial=main)
    roles = RoleFormSet(data, initial=role_rows, prefix="roles", form_kwargs={"party_choices": choices})
    costs = CostFormSet(data, initial=cost_rows, prefix="costs", form_kwargs={"party_choices": choices})
    milestones = MilestoneFormSet(data, initial=schedule, prefix="schedule")
    signatories = [
        (p, SignatoryForm(data, prefix=f"party{p.pk}",
                          initial={"signatory_name": p.signatory_name, "signatory_title": p.signatory_title}))
        for p in parties
    ]
    forms_ok = all(x.is_valid() for x in (form, roles, costs, milestones, *(s for _p, s in signatories)))
    if request.method == "POST" and forms_ok:
        content = {**form.cleaned_data, "roles": rows(roles), "costs": rows(costs), "review_schedule": rows(milestones)}
        try:
            version = services.agreement_propose_edit(
                agreement=agreement, content=content, by=request.user, note=form.cleaned_data["note"],
                signatories={p.pk: (s.cleaned_data["signatory_name"], s.cleaned_data["signatory_title"])
                             for p, s in signatories},
            )
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
            return redirect("agreements:detail", pk=agreement.pk)
        messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/agreement_edit.html", {
        "agreement": agreement, "form": form, "roles": roles, "costs": costs, "milestones": milestones,
        "signatories": signatories,
    })


@login_required
@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_comment_agreement(request.user, agreement))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, agreement, comment_form=form)
    services.agreement_comment(agreement=agreement, body=form.cleaned_data["body"], by=request.user)
    messages.success(request, _("Your comment was posted."))
    return redirect(reverse("agreements:detail", args=[agreement.pk]) + "#comments")


@login_required
@require_POST
def agreement_agree(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    party = get_object_or_404(agreement.parties, pk=party_pk)
    _require(permissions.can_agree_agreement(request.user, agreement, party))
    raw = request.POST.get("version", "")
    version = get_object_or_404(agreement.versions, pk=int(raw) if raw.isascii() and raw.isdigit() else 0)
    try:
        services.agreement_mark_agreed(agreement=agreement, party=party, version=version, by=request.user)
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(label)s agreed to version %(number)s.")
                         % {"label": party.label, "number": version.number})
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
def agreement_sign(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    party = get_object_or_404(agreement.parties, pk=party_pk)
    _require(permissions.can_sign_agreement(request.user, agreement, party))
    version = agreement.current_version
    if Signature.objects.filter(version=version, party=party).exists():
        messages.info(request, _("This party has already signed this version."))
        return redirect("agreements:detail", pk=agreement.pk)
    if not recently_reauthenticated(request):
        return redirect(_reauthenticate_url(request))
    form = SignForm(request.POST or None, initial={
        "content_hash": version.content_hash, "signer_name": party.signatory_name or request.user.display_name,
        "signer_title": party.signatory_title,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_sign_electronic(
                agreement=agreement, party=party, version=version, content_hash=form.cleaned_data["content_hash"],
                by=request.user, reauthenticated=recently_reauthenticated(request), ip_address=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""), signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("You signed version %(number)s for %(label)s.")
                             % {"number": version.number, "label": party.label})
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/agreement_sign.html", {
        "agreement": agreement, "party": party, "version": version, "form": form, "clauses": clauses(version.content),
    })


@login_required
def paper_signature(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_record_paper_signature(request.user, agreement))
    version = agreement.current_version
    signed = set(version.signatures.values_list("party_id", flat=True))
    choices = [(str(p.pk), f"{p.label} {p.name}") for p in agreement.parties.all() if p.pk not in signed]
    form = PaperSignatureForm(request.POST or None, request.FILES or None, party_choices=choices)
    if request.method == "POST" and form.is_valid():
        party = agreement.parties.get(pk=form.cleaned_data["party"])
        try:
            services.agreement_record_paper_signature(
                agreement=agreement, party=party, version=version, scan=form.cleaned_data["scan"],
                signer_name=form.cleaned_data["signer_name"], signer_title=form.cleaned_data["signer_title"],
                signed_on=form.cleaned_data["signed_on"], by=request.user,
            )
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The paper signature of %(label)s was recorded.") % {"label": party.label})
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/paper_signature.html", {"agreement": agreement, "version": version, "form": form})


@login_required
@require_POST
def agreement_amend(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_amend_agreement(request.user, agreement))
    try:
        services.agreement_amend(agreement=agreement, by=request.user)
    except (NotAllowed, TransitionError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("An amendment (変更協定) was started. The current agreement stays in force "
                                    "until the amendment is signed."))
    return redirect("agreements:detail", pk=agreement.pk)


def render_status(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The PDF progress box; htmx polls it every 2 s until the PDF is ready or failed."""
    agreement = _agreement(request, pk)
    version = get_object_or_404(agreement.versions, number=number)
    render_row = AgreementRender.objects.filter(version=version).first()
    return render(request, "agreements/partials/render_status.html", {
        "agreement": agreement, "version": version, "render": render_row,
        "can_retry": permissions.can_retry_render(request.user, agreement),
    })


@login_required
@require_POST
def render_retry(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_retry_render(request.user, agreement))
    version = get_object_or_404(agreement.versions, number=number)
    render_row = AgreementRender.objects.filter(version=version).first()
    if render_row is None:
        services.render_request(version=version, by=request.user)
    else:
        services.render_retry(render=render_row, by=request.user)
    if request.htmx:
        return render_status(request, pk, number)
    messages.success(request, _("The PDF was queued again."))
    return redirect("agreements:detail", pk=agreement.pk)


def _pdf_response(render_row: AgreementRender | None, agreement: Agreement, version: AgreementVersion) -> FileResponse:
    if render_row is None or render_row.status != AgreementRender.Status.READY or not render_row.file:
        raise Http404
    return FileResponse(render_row.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"{agreement.number}-v{version.number}.pdf")


def version_pdf(request: HttpRequest, pk: int, number: int) -> FileResponse:
    agreement = _agreement(request, pk)
    version = get_object_or_404(agreement.versions, number=number)
    return _pdf_response(AgreementRender.objects.filter(version=version).first(), agreement, version)


@login_required
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    _require(permissions.can_view_history(request.user, agreement))
    events = agreement.events.select_related("actor", "version").order_by("created_at", "id")
    return render(request, "agreements/agreement_history.html", {"agreement": agreement, "events": events})


# --- Public register -----------------------------------------------------------------------------
@public_page(AGREEMENTS, ORGANISATIONS)
def register_list(request: HttpRequest) -> HttpResponse:
    agreements = (
        Agreement.objects.registered().select_related("in_force_version", "proposal__ward")
        .prefetch_related("parties__organisation", "parties__department__parent").order_by("-in_force_at", "-pk")
    )
    page, query = paginate(request, agreements)
    renders = {r.version_id: r for r in AgreementRender.objects.filter(
        version__in=[a.in_force_version_id for a in page], status=AgreementRender.Status.READY)}
    entries = [{"agreement": a, "render": renders.get(a.in_force_version_id)} for a in page]
    return render(request, "agreements/register_list.html", {
        "entries": entries, "page": page, "query": query, "verify_form": VerifyForm(),
    })


def _registered(pk: int) -> Agreement:
    return get_object_or_404(Agreement.objects.registered().select_related("in_force_version"), pk=pk)


@public_page(AGREEMENTS, ORGANISATIONS)
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _registered(pk)
    version = agreement.in_force_version
    return render(request, "agreements/register_detail.html", {
        "agreement": agreement, "version": version, "clauses": clauses(version.content),
        "render": AgreementRender.objects.filter(version=version, status=AgreementRender.Status.READY).first(),
        "signatures": version.signatures.select_related("party"),
    })


def register_pdf(request: HttpRequest, pk: int) -> FileResponse:
    agreement = _registered(pk)
    version = agreement.in_force_version
    return _pdf_response(AgreementRender.objects.filter(version=version).first(), agreement, version)


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    checked = ""
    seal_check = scan = None
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["sha256"]
        upload = form.cleaned_data.get("file")
        if upload:
            data = b"".join(upload.chunks())
            checked = hashlib.sha256(data).hexdigest()
            key = pdf.register_seal_key()
            if key is not None and data.startswith(b"%PDF"):
                seal_check = seal.check_seal(data, key=key)
        result = services.verify_pdf(sha256=checked)
        scan = None if result else services.verify_scan(sha256=checked)
    return render(request, "agreements/verify.html", {
        "form": form, "result": result, "checked": checked, "submitted": bool(checked),
        "seal": seal_check, "scan": scan,
    })
