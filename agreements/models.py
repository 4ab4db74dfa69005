"""Agreements (協働協定書 / 協働契約): negotiated by every party, signed on the same text.

An agreement has parties (甲, 乙, 丙 …) and a chain of versions. Each version's content is a
JSON document; its SHA-256 over the canonical JSON is what parties agree to and sign. A signed
version and its signatures never change: database triggers (migration 0002) refuse it.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyodo import storage
from kyodo.tenancy import CityOwned, city_manager, unique_in_city

PARTY_LABELS = "甲乙丙丁戊己庚辛壬癸"


def party_label(order: int) -> str:
    """甲 for the first party, 乙 for the second … then 第11当事者 beyond the ten stems."""
    if 0 <= order < len(PARTY_LABELS):
        return PARTY_LABELS[order]
    return f"当事者{order + 1}"


def canonical_json(content: dict) -> bytes:
    """The exact bytes that are hashed: sorted keys, UTF-8, no insignificant whitespace."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("In negotiation")
    FROZEN = "frozen", _("Agreed, awaiting signatures")
    SIGNING = "signing", _("Being signed")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    TERMINATED = "terminated", _("Terminated")


S = AgreementStatus
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.FROZEN, S.TERMINATED},
    S.FROZEN: {S.SIGNING, S.IN_FORCE},
    S.SIGNING: {S.IN_FORCE},
    # An amendment (変更協定) goes back to negotiation; the in-force version stays in force.
    S.IN_FORCE: {S.DRAFT, S.SUPERSEDED, S.TERMINATED},
    S.SUPERSEDED: set(),
    S.TERMINATED: set(),
}


class TemplateType(models.TextChoices):
    COMMISSION = "commission", _("Commission (委託)")
    CONTRIBUTION = "contribution", _("Shared contribution (負担金)")
    SUBSIDY = "subsidy", _("Subsidy (補助)")
    COHOSTING = "co_hosting", _("Co-hosting (共催)")
    # In a context: the admin's catalogue, which comes first, keeps a bare "None" in English.
    NONE = "none", pgettext_lazy("agreement template", "None")


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def registered(self) -> AgreementQuerySet:
        """Agreements with a version in force: the public register."""
        return self.filter(in_force_version__isnull=False).exclude(status=S.TERMINATED)


class AgreementNumberCounter(CityOwned):
    """The last agreement number given in a fiscal year. `agreements.services` reads it with a
    row lock and counts on, so drafts made at the same moment never get the same number."""

    year = models.PositiveIntegerField(_("fiscal year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("agreement number counter")
        verbose_name_plural = _("agreement number counters")
        constraints = [unique_in_city("year", name="agreement_counter_unique_in_city")]

    def __str__(self) -> str:
        return f"A{self.year}-{self.last:04d}"


class Agreement(CityOwned):
    Status = AgreementStatus

    proposal = models.ForeignKey(
        "projects.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="agreements"
    )
    number = models.CharField(_("agreement number"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices, default=S.DRAFT)
    current_version = models.ForeignKey(
        "AgreementVersion", verbose_name=_("current version"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    in_force_version = models.ForeignKey(
        "AgreementVersion", verbose_name=_("version in force"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by reviews.services.review_approve_publication (a published review is final), so that
    # the public list of review results pages through an index instead of counting every review.
    published_reviews = models.PositiveIntegerField(_("published reviews"), default=0, editable=False)
    last_review_published_at = models.DateTimeField(
        _("last review published at"), null=True, blank=True, editable=False
    )

    objects = city_manager(AgreementQuerySet)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [unique_in_city("number", name="agreement_number_unique_in_city")]
        # The public register lists agreements in force, newest first. Each index leads with the
        # city: every query reads one city's rows (kyodo.tenancy).
        indexes = [
            models.Index(fields=["city", "-in_force_at", "-id"], name="agreement_in_force_idx"),
            models.Index(fields=["city", "-created_at", "-id"], name="agreement_created_idx"),  # the staff list
            models.Index(  # the public review results
                fields=["city", "-last_review_published_at", "-id"], name="agreement_reviewed_idx",
                condition=models.Q(last_review_published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status == S.DRAFT


class AgreementParty(CityOwned):
    """One party: an organisation or a city department — exactly one of the two."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="agreement_parties",
    )
    department = models.ForeignKey(
        "partners.Department", verbose_name=_("department"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="agreement_parties",
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=100, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=100, blank=True)

    class Meta:
        ordering = ["agreement", "order"]
        verbose_name = _("agreement party")
        verbose_name_plural = _("agreement parties")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False, department__isnull=True)
                           | models.Q(organisation__isnull=True, department__isnull=False)),
                name="agreement_party_organisation_xor_department",
            ),
            models.UniqueConstraint(fields=["agreement", "order"], name="agreement_party_order_unique"),
            models.UniqueConstraint(
                fields=["agreement", "organisation"], condition=models.Q(organisation__isnull=False),
                name="agreement_party_organisation_unique",
            ),
            models.UniqueConstraint(
                fields=["agreement", "department"], condition=models.Q(department__isnull=False),
                name="agreement_party_department_unique",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("organisation", "department")

    def __str__(self) -> str:
        return f"{self.label} {self.name}"

    @property
    def label(self) -> str:
        return party_label(self.order)

    @property
    def name(self) -> str:
        return str(self.organisation or self.department)

    @property
    def is_city(self) -> bool:
        return self.department_id is not None


class AgreementVersion(CityOwned):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64, db_index=True)
    note = models.CharField(_("summary of the change"), max_length=300, blank=True)
    amends = models.ForeignKey(
        "self", verbose_name=_("amends (変更協定)"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="amendments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_unique"),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("agreement",)

    def __str__(self) -> str:
        return f"{self.agreement.number} v{self.number}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    def hash_matches_content(self) -> bool:
        return content_sha256(self.content) == self.content_hash


class PartyAgreement(CityOwned):
    """A party's "agreed" mark on one version."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="party_agreements"
    )
    party = models.ForeignKey(
        AgreementParty, verbose_name=_("party"), on_delete=models.CASCADE, related_name="agreements_given"
    )
    content_hash = models.CharField(_("SHA-256 agreed to"), max_length=64)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agreed by"), on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed at"))

    class Meta:
        ordering = ["version", "party__order"]
        verbose_name = _("party's agreement")
        verbose_name_plural = _("parties' agreements")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="party_agreement_unique"),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("version", "party")

    def __str__(self) -> str:
        return f"{self.version} — {self.party}"


def scan_path(instance: Signature, filename: str) -> str:
    # Named here for the migrations that refer to it; the path is made in kyodo.storage.
    return storage.scan_path(instance, filename)


class Signature(CityOwned):
    """A party's signature on one version. Append-only (database trigger)."""

    class Kind(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic signature")
        PAPER = "paper", _("Scan of the sealed paper copy (記名押印)")

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.ForeignKey(
        AgreementParty, verbose_name=_("party"), on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by (user)"), on_delete=models.PROTECT,
        related_name="+", help_text=_("For a paper copy: the staff member who recorded it."),
    )
    signer_name = models.CharField(_("signatory's name"), max_length=100)
    signer_title = models.CharField(_("signatory's title"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    content_hash = models.CharField(_("SHA-256 signed"), max_length=64)
    scan = models.FileField(_("scan of the sealed copy"), upload_to=scan_path, blank=True, max_length=255)
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )

    class Meta:
        ordering = ["version", "signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party_and_version"),
            models.CheckConstraint(
                condition=models.Q(kind="electronic") | (~models.Q(scan="") & models.Q(checked_by__isnull=False)),
                name="signature_paper_has_scan_and_checker",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("version", "party")

    def __str__(self) -> str:
        return f"{self.version} — {self.party} ({self.get_kind_display()})"


class AgreementEvent(CityOwned):
    """Audit trail: every change, agreement mark, signature and render, in order."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Drafted from the proposal")
        EDITED = "edited", _("New version proposed")
        AGREED = "agreed", _("Marked as agreed")
        FROZEN = "frozen", _("Frozen for signing")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("Came into force")
        AMENDED = "amended", _("Amendment started")
        COMMENTED = "commented", _("Commented")
        RENDER_QUEUED = "render_queued", _("PDF queued")
        RENDER_STARTED = "render_started", _("PDF rendering")
        RENDER_READY = "render_ready", _("PDF ready")
        RENDER_FAILED = "render_failed", _("PDF failed")
        STATUS = "status", _("Status changed")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="events"
    )
    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("agreement",)

    def __str__(self) -> str:
        return f"{self.agreement.number} {self.get_kind_display()}"


class AgreementComment(CityOwned):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("agreement",)

    def __str__(self) -> str:
        return f"{self.agreement.number}: {self.body[:30]}"


class AgreementMilestone(CityOwned):
    """A dated point of the review schedule of a version in force; `reviews` builds on these."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Review")
        MID_TERM = "mid_term", _("Mid-term review")
        FINAL = "final", _("Final review")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="milestones"
    )
    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REVIEW)

    class Meta:
        ordering = ["agreement", "due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["version", "title", "due_date"], name="milestone_unique_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.due_date} {self.title}"


class AgreementRender(CityOwned):
    """The PDF of one version. One row per version; the file name is its content address."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.OneToOneField(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="render"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    # Named by its content (kyodo.storage.agreement_pdf_path), when the render stores it.
    file = models.FileField(_("PDF"), blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF render")
        verbose_name_plural = _("PDF renders")

    def __str__(self) -> str:
        return f"{self.version} PDF ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}
