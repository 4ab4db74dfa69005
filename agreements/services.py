"""Every write to agreements: drafting, negotiation, agreement marks, signing, amendment, PDFs."""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kyodo import metrics, publiccache, storage
from kyodo.outbox import enqueue_on_commit
from kyodo.text import normalize
from kyodo.workflow import NotAllowed, TransitionError, check_transition

from . import content as c
from . import pdf
from .models import (
    TRANSITIONS,
    Agreement,
    AgreementComment,
    AgreementEvent,
    AgreementMilestone,
    AgreementNumberCounter,
    AgreementParty,
    AgreementRender,
    AgreementStatus,
    AgreementVersion,
    PartyAgreement,
    Signature,
    TemplateType,
    content_sha256,
)
from .permissions import (
    can_agree_agreement,
    can_amend_agreement,
    can_comment_agreement,
    can_create_agreement,
    can_edit_agreement,
    can_record_paper_signature,
    can_retry_render,
    can_sign_agreement,
    may_agree_agreement,
    may_amend_agreement,
    may_create_agreement,
    may_record_paper_signature,
    may_sign_agreement,
)

log = logging.getLogger(__name__)
S = AgreementStatus
Ev = AgreementEvent.Kind

# A render older than the task's hard time limit is no longer being worked on.
STALE_RENDER = datetime.timedelta(seconds=330)


def _require(decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _event(agreement: Agreement, kind: str, by: User | None, *, version: AgreementVersion | None = None,
           from_status: str = "", to_status: str = "", **detail: Any) -> AgreementEvent:
    return AgreementEvent.objects.create(
        agreement=agreement, kind=kind, actor=by, version=version,
        from_status=from_status, to_status=to_status, detail=detail,
    )


def _move(agreement: Agreement, target: str, by: User | None, version: AgreementVersion | None = None) -> None:
    check_transition(TRANSITIONS, agreement.status, target, S.choices)
    _event(agreement, Ev.STATUS, by, version=version, from_status=agreement.status, to_status=target)
    agreement.status = target


def _parties_snapshot(agreement: Agreement) -> list[dict]:
    return [
        {"label": p.label, "name": p.name, "kind": "department" if p.is_city else "organisation",
         "signatory_name": p.signatory_name, "signatory_title": p.signatory_title}
        for p in agreement.parties.select_related("organisation", "department").order_by("order")
    ]


def _new_version(agreement: Agreement, content: dict, by: User | None, note: str = "",
                 amends: AgreementVersion | None = None) -> AgreementVersion:
    content = {**content, "parties": _parties_snapshot(agreement)}
    last = agreement.versions.order_by("-number").first()
    version = AgreementVersion.objects.create(
        agreement=agreement, number=(last.number + 1) if last else 1, content=content,
        content_hash=content_sha256(content), author=by, note=note, amends=amends,
    )
    agreement.current_version = version
    return version


def _next_number(fiscal_year: int) -> str:
    """The next agreement number of the fiscal year (`A2026-0001` …), from the year's counter
    row read under a row lock: a concurrent draft waits for this transaction and counts on from
    the number it took, so two drafts never get the same number."""
    counter = AgreementNumberCounter.objects.select_for_update().filter(year=fiscal_year).first()
    if counter is None:
        try:
            with transaction.atomic():
                AgreementNumberCounter.objects.create(year=fiscal_year)
        except IntegrityError:
            pass  # a concurrent draft opened the year first: count on from its number
        counter = AgreementNumberCounter.objects.select_for_update().get(year=fiscal_year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"A{fiscal_year}-{counter.last:04d}"


TEMPLATE_BY_FORM = {"commission": TemplateType.COMMISSION, "contribution": TemplateType.CONTRIBUTION,
                    "subsidy": TemplateType.SUBSIDY, "co_hosting": TemplateType.COHOSTING,
                    "cohosting": TemplateType.COHOSTING}


def _collaboration_form(code: str) -> tuple[str, str]:
    """(name, template type) of a proposal's form-of-collaboration code, from the city's rules
    in `kyodo.models.CollaborationForm` when present."""
    try:
        from kyodo.models import CollaborationForm
    except ImportError:
        CollaborationForm = None  # noqa: N806
    form = CollaborationForm.objects.filter(code=code).first() if CollaborationForm and code else None
    if form is not None:
        return form.name, str(TEMPLATE_BY_FORM.get(form.agreement_template, TemplateType.NONE))
    return code, str(TEMPLATE_BY_FORM.get(code, TemplateType.NONE))


def draft_content(proposal, labels: dict[str, str]) -> dict:
    """Content pre-filled from the proposal's CORE fields. `labels` maps "org:<id>"/"dept:<id>"
    to party labels, used for role and budget rows if the proposal has them."""
    call = proposal.call
    form_name, template_type = _collaboration_form(proposal.collaboration_form)
    content = {
        "title": proposal.title,
        "purpose": proposal.purpose or proposal.local_problem,
        "overview": proposal.activities,
        "collaboration_form": form_name,
        "template_type": template_type,
        "period_start": call.period_start.isoformat() if call.period_start else "",
        "period_end": call.period_end.isoformat() if call.period_end else "",
        "roles": _proposal_rows(proposal, "roles", labels),
        "costs": _proposal_rows(proposal, "costs", labels),
        "review_schedule": [],
        "principles": c.principles_clause(sorted({v for k, v in labels.items() if not k.startswith("name:")},
                                                 key=c_order)),
        **c.DEFAULT_CLAUSES,
    }
    return content


def c_order(label: str) -> int:
    from .models import PARTY_LABELS

    return PARTY_LABELS.find(label) if label in PARTY_LABELS else 99


def _proposal_rows(proposal, kind: str, labels: dict[str, str]) -> list[dict]:
    """Role and budget rows from the proposal, when the projects app has them: `roles` (task,
    party group/city/partner, partner_name) and `budget_lines` (item, amount, city_share).
    Read defensively: the projects app is built in parallel and may still change."""
    city_label = next((v for k, v in labels.items() if k.startswith("dept:")), "甲")
    group_label = labels.get(f"org:{proposal.organisation_id}", "乙")
    rows: list[dict] = []
    related = getattr(proposal, "roles" if kind == "roles" else "budget_lines", None)
    if related is None or not hasattr(related, "all"):
        return rows
    if kind == "roles":
        names = {name: label for name, label in labels.items()}
        for row in related.all():
            party = {"city": city_label, "group": group_label}.get(getattr(row, "party", ""), group_label)
            task = getattr(row, "task", "")
            partner = getattr(row, "partner_name", "")
            if getattr(row, "party", "") == "partner" and partner:
                party = names.get(f"name:{partner}", group_label)
                task = f"{task}（{partner}）"
            if task:
                rows.append({"task": task, "party": party})
        return rows
    for row in related.all():
        amount, city_share = int(getattr(row, "amount", 0) or 0), int(getattr(row, "city_share", 0) or 0)
        if city_share:
            rows.append({"item": row.item, "amount": city_share, "party": city_label})
        if amount - city_share > 0:
            rows.append({"item": row.item, "amount": amount - city_share, "party": group_label})
    return rows


# --- Drafting and negotiation ---------------------------------------------------------------
def agreement_create_from_proposal(*, proposal, by: User, departments=None, extra_organisations=()) -> Agreement:
    """Draft an agreement from an adopted proposal: the city's departments first (甲 …), then
    the lead organisation and its co-proposers. `departments` chooses which departments are
    parties (default: the proposal's). Calling it again returns the existing draft."""
    with transaction.atomic():
        from projects.models import Proposal

        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        existing = proposal.agreements.exclude(status__in=[S.TERMINATED, S.SUPERSEDED]).first()
        if existing:
            _require(may_create_agreement(by, proposal))
            return existing
        _require(can_create_agreement(by, proposal))
        agreement = Agreement.objects.create(
            proposal=proposal, title=proposal.title, number=_next_number(proposal.call.fiscal_year), created_by=by,
        )
        departments = list(departments or proposal.departments.all()) or [proposal.call.department]
        organisations = [proposal.organisation, *proposal.co_proposers.all()]
        organisations += [o for o in extra_organisations if o not in organisations]
        order = 0
        labels: dict[str, str] = {}
        for dept in departments:
            party = AgreementParty.objects.create(agreement=agreement, order=order, department=dept)
            labels[f"dept:{dept.pk}"] = party.label
            order += 1
        for org in organisations:
            party = AgreementParty.objects.create(
                agreement=agreement, order=order, organisation=org,
                signatory_name=org.representative_name, signatory_title=org.representative_title or "代表",
            )
            labels[f"org:{org.pk}"] = party.label
            labels[f"name:{org.name}"] = party.label
            order += 1
        version = _new_version(agreement, clean_content(draft_content(proposal, labels)), by, note=_("Drafted from the proposal"))
        agreement.save(update_fields=["current_version"])
        _event(agreement, Ev.CREATED, by, version=version, to_status=S.DRAFT, proposal=proposal.pk)
        return agreement


def clean_content(data: dict) -> dict:
    """Normalise the edit form's data into content (text NFKC, ints, ISO dates)."""
    out: dict[str, Any] = {}
    for key in c.TEXT_KEYS:
        value = data.get(key, "")
        if isinstance(value, datetime.date):
            value = value.isoformat()
        out[key] = normalize(value) if isinstance(value, str) else ("" if value is None else str(value))
    out["template_type"] = out["template_type"] or str(TemplateType.NONE)
    out["roles"] = [{"task": normalize(r["task"]), "party": r["party"]} for r in data.get("roles", [])]
    out["costs"] = [
        {"item": normalize(r["item"]), "amount": int(r["amount"]), "party": r["party"]} for r in data.get("costs", [])
    ]
    out["review_schedule"] = [
        {"title": normalize(r["title"]), "date": r["date"].isoformat() if hasattr(r["date"], "isoformat") else r["date"],
         "kind": r.get("kind") or AgreementMilestone.Kind.REVIEW}
        for r in data.get("review_schedule", [])
    ]
    return out


def agreement_propose_edit(*, agreement: Agreement, content: dict, by: User, note: str = "",
                           signatories: dict[int, tuple[str, str]] | None = None) -> AgreementVersion:
    """Save a proposed change as a new version. An unchanged text returns the current version."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require(can_edit_agreement(by, agreement))
        for party_id, (name, title) in (signatories or {}).items():
            agreement.parties.filter(pk=party_id).update(signatory_name=normalize(name), signatory_title=normalize(title))
        current = agreement.current_version
        candidate = {**clean_content(content), "parties": _parties_snapshot(agreement)}
        if current and content_sha256(candidate) == current.content_hash:
            return current
        version = _new_version(agreement, candidate, by, note=normalize(note), amends=current.amends if current else None)
        agreement.save(update_fields=["current_version", "updated_at"])
        _event(agreement, Ev.EDITED, by, version=version, number=version.number, hash=version.content_hash)
        return version


def agreement_comment(*, agreement: Agreement, body: str, by: User) -> AgreementComment:
    _require(can_comment_agreement(by, agreement))
    body = normalize(body)
    with transaction.atomic():
        # Under the agreement's lock, so that a double click cannot post the same text twice:
        # the same text again, right after one's own last comment on this version, is that comment.
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        last = agreement.comments.order_by("-created_at", "-id").first()
        if last and (last.author_id, last.version_id, last.body) == (by.pk, agreement.current_version_id, body):
            return last
        comment = AgreementComment.objects.create(
            agreement=agreement, version=agreement.current_version, author=by, body=body
        )
        _event(agreement, Ev.COMMENTED, by, version=agreement.current_version, comment=comment.pk)
        return comment


def _check_version(agreement: Agreement, version: AgreementVersion, content_hash: str | None = None) -> None:
    if version.agreement_id != agreement.pk or version.pk != agreement.current_version_id:
        raise TransitionError(_("This is not the current version of the agreement; reload and check the text."))
    if content_hash is not None and content_hash != version.content_hash:
        raise TransitionError(_("The text you saw (SHA-256 %(seen)s) is not the text of this version.")
                              % {"seen": content_hash[:12]})
    if not version.hash_matches_content():
        raise TransitionError(_("The stored text does not match its hash; contact the administrator."))


def agreement_mark_agreed(*, agreement: Agreement, party: AgreementParty, version: AgreementVersion,
                          by: User) -> PartyAgreement:
    """A party agrees to a version. When every party agreed the current version it is frozen."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        existing = PartyAgreement.objects.filter(version=version, party=party).first()
        if existing:
            _require(may_agree_agreement(by, agreement, party))
            return existing
        _require(can_agree_agreement(by, agreement, party))
        _check_version(agreement, version)
        mark = PartyAgreement.objects.create(
            version=version, party=party, agreed_by=by, agreed_at=timezone.now(), content_hash=version.content_hash
        )
        _event(agreement, Ev.AGREED, by, version=version, party=party.label, hash=version.content_hash)
        if not agreement.parties.exclude(agreements_given__version=version).exists():
            _move(agreement, S.FROZEN, by, version)
            agreement.save(update_fields=["status", "updated_at"])
            _event(agreement, Ev.FROZEN, by, version=version, hash=version.content_hash)
        return mark


# --- Signing ----------------------------------------------------------------------------------
def _after_signature(agreement: Agreement, version: AgreementVersion, by: User) -> None:
    signed = set(version.signatures.values_list("party_id", flat=True))
    if set(agreement.parties.values_list("id", flat=True)) - signed:
        if agreement.status == S.FROZEN:
            _move(agreement, S.SIGNING, by, version)
            agreement.save(update_fields=["status", "updated_at"])
        return
    _move(agreement, S.IN_FORCE, by, version)
    agreement.in_force_version = version
    agreement.in_force_at = timezone.now()
    agreement.save(update_fields=["status", "in_force_version", "in_force_at", "updated_at"])
    for row in version.content.get("review_schedule", []):
        due = c.parse_date(row.get("date"))
        if due:
            AgreementMilestone.objects.get_or_create(
                agreement=agreement, version=version, title=row["title"], due_date=due,
                defaults={"kind": row.get("kind") or AgreementMilestone.Kind.REVIEW},
            )
    _event(agreement, Ev.IN_FORCE, by, version=version, hash=version.content_hash)
    publiccache.changed(publiccache.AGREEMENTS)
    render_request(version=version, by=by)


def agreement_sign_electronic(*, agreement: Agreement, party: AgreementParty, version: AgreementVersion,
                              content_hash: str, by: User, reauthenticated: bool, ip_address: str | None = None,
                              user_agent: str = "", signer_name: str = "", signer_title: str = "") -> Signature:
    """Sign `version` for `party`. The caller must have re-authenticated the user just before
    (allauth reauthentication; MFA for staff). A repeat returns the existing signature."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        existing = Signature.objects.filter(version=version, party=party).first()
        if existing:
            _require(may_sign_agreement(by, agreement, party))
            return existing
        _require(can_sign_agreement(by, agreement, party))
        _check_version(agreement, version, content_hash)
        if not reauthenticated:
            raise NotAllowed(_("Please confirm your password (and second factor) again before signing."))
        signature = Signature.objects.create(
            version=version, party=party, kind=Signature.Kind.ELECTRONIC, signer=by,
            signer_name=normalize(signer_name) or party.signatory_name or str(by),
            signer_title=normalize(signer_title) or party.signatory_title,
            signed_at=timezone.now(), ip_address=ip_address or None, user_agent=(user_agent or "")[:500],
            content_hash=version.content_hash,
        )
        _event(agreement, Ev.SIGNED, by, version=version, party=party.label, method="electronic",
               hash=version.content_hash, ip=ip_address or "")
        _after_signature(agreement, version, by)
        return signature


def agreement_record_paper_signature(*, agreement: Agreement, party: AgreementParty, version: AgreementVersion,
                                     scan: UploadedFile, signer_name: str, signer_title: str,
                                     signed_on: datetime.date, by: User) -> Signature:
    """Staff record a party's signature from the scan of the sealed paper copy; `by` checked it."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        existing = Signature.objects.filter(version=version, party=party).first()
        if existing:
            _require(may_record_paper_signature(by, agreement))
            return existing
        _require(can_record_paper_signature(by, agreement))
        if party.agreement_id != agreement.pk:
            raise NotAllowed(_("This party is not a party to the agreement."))
        _check_version(agreement, version)
        digest = hashlib.sha256()
        for chunk in scan.chunks():
            digest.update(chunk)
        signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
        signature = Signature(
            version=version, party=party, kind=Signature.Kind.PAPER, signer=by, checked_by=by,
            signer_name=normalize(signer_name), signer_title=normalize(signer_title), signed_at=signed_at,
            content_hash=version.content_hash, scan_sha256=digest.hexdigest(),
        )
        signature.scan.save(scan.name, scan, save=False)
        signature.save()
        _event(agreement, Ev.SIGNED, by, version=version, party=party.label, method="paper",
               hash=version.content_hash, scan_sha256=signature.scan_sha256)
        _after_signature(agreement, version, by)
        return signature


def agreement_amend(*, agreement: Agreement, by: User, note: str = "") -> AgreementVersion:
    """Start a 変更協定: a new version from the one in force, negotiated and signed again.
    The version in force stays in force until the amendment is signed."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status == S.DRAFT and agreement.current_version and agreement.current_version.amends_id:
            _require(may_amend_agreement(by, agreement))
            return agreement.current_version
        _require(can_amend_agreement(by, agreement))
        base = agreement.in_force_version
        _move(agreement, S.DRAFT, by, base)
        version = _new_version(agreement, dict(base.content), by, note=normalize(note) or _("Amendment"), amends=base)
        agreement.save(update_fields=["status", "current_version", "updated_at"])
        _event(agreement, Ev.AMENDED, by, version=version, amends=base.number)
        publiccache.changed(publiccache.AGREEMENTS)
        return version


# --- PDF rendering ----------------------------------------------------------------------------
def render_request(*, version: AgreementVersion, by: User | None = None) -> AgreementRender:
    """Queue the PDF of `version` after commit (once: a ready or queued render is left alone)."""
    from .tasks import render_agreement_pdf_task

    with transaction.atomic():
        render, created = AgreementRender.objects.select_for_update().get_or_create(version=version)
        if not created and render.status != AgreementRender.Status.FAILED:
            return render
        if not created:
            render.status = AgreementRender.Status.QUEUED
            render.error = ""
            render.save(update_fields=["status", "error"])
        _event(version.agreement, Ev.RENDER_QUEUED, by, version=version)
        enqueue_on_commit(render_agreement_pdf_task, version.pk)
        return render


def render_retry(*, render: AgreementRender, by: User) -> AgreementRender:
    _require(can_retry_render(by, render.version.agreement))
    return render_request(version=render.version, by=by)


def render_store(version: AgreementVersion, data: bytes) -> tuple[str, str]:
    """Save the PDF under its content address: the same bytes always land in the same file."""
    sha = hashlib.sha256(data).hexdigest()
    name = storage.agreement_pdf_path(version, sha)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name, sha


def render_run(*, version_id: int, force: bool = False, take_over: bool = False) -> AgreementRender | None:
    """Render the PDF of a version. Safe against re-delivery: the row lock and status check let
    only one run proceed; a run that finds the PDF ready (or being rendered) does nothing.

    `take_over`: the broker redelivered this task because the worker running it died (acks are
    late), so a row left "rendering" is this task's own unfinished run: render it now rather
    than wait for it to turn stale."""
    R = AgreementRender.Status  # noqa: N806
    with transaction.atomic():
        if not AgreementVersion.objects.filter(pk=version_id).exists():
            log.warning("render of missing agreement version %s skipped", version_id)
            return None
        render, _created = AgreementRender.objects.select_for_update().get_or_create(version_id=version_id)
        if render.status == R.READY and not force:
            return render
        now = timezone.now()
        if (
            render.status == R.RENDERING and not take_over
            and render.started_at and now - render.started_at < STALE_RENDER
        ):
            return render
        render.status = R.RENDERING
        render.started_at = now
        render.attempts += 1
        render.save(update_fields=["status", "started_at", "attempts"])
        _event(render.version.agreement, Ev.RENDER_STARTED, None, version=render.version, attempt=render.attempts)
    version = AgreementVersion.objects.select_related("agreement").get(pk=version_id)
    try:
        with metrics.PDF_RENDER_SECONDS.time():
            data = pdf.render_agreement_pdf(version)
    except Exception as exc:
        AgreementRender.objects.filter(pk=render.pk).update(status=R.QUEUED, error=f"{type(exc).__name__}: {exc}")
        raise
    with transaction.atomic():
        render = AgreementRender.objects.select_for_update().get(pk=render.pk)
        if render.status == R.READY and not force:
            return render
        name, sha = render_store(version, data)
        render.file.name = name
        render.sha256 = sha
        render.size = len(data)
        render.status = R.READY
        render.error = ""
        render.finished_at = timezone.now()
        render.save(update_fields=["file", "sha256", "size", "status", "error", "finished_at"])
        _event(version.agreement, Ev.RENDER_READY, None, version=version, sha256=sha, size=len(data))
        publiccache.changed(publiccache.AGREEMENTS)
    return render


def render_mark_failed(*, version_id: int, error: str) -> None:
    with transaction.atomic():
        render = AgreementRender.objects.select_for_update().filter(version_id=version_id).first()
        if render is None or render.status == AgreementRender.Status.READY:
            return
        render.status = AgreementRender.Status.FAILED
        render.error = error[:2000]
        render.finished_at = timezone.now()
        render.save(update_fields=["status", "error", "finished_at"])
        _event(render.version.agreement, Ev.RENDER_FAILED, None, version=render.version, error=error[:500])


def verify_scan(*, sha256: str) -> Signature | None:
    """The paper signature of a registered agreement whose scan has this SHA-256, if any."""
    sha256 = (sha256 or "").strip().lower()
    return (
        Signature.objects.filter(
            scan_sha256=sha256, version__agreement__in_force_version__isnull=False
        ).select_related("version__agreement", "party").first()
        if len(sha256) == 64 else None
    )


def verify_pdf(*, sha256: str) -> AgreementRender | None:
    """The registered render whose file has this SHA-256, if any (public verification)."""
    sha256 = (sha256 or "").strip().lower()
    return (
        AgreementRender.objects.filter(
            sha256=sha256, status=AgreementRender.Status.READY, version__agreement__in_force_version__isnull=False
        ).select_related("version__agreement").first()
        if len(sha256) == 64 else None
    )
