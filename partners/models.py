"""Partners: organisations (citizen groups, NPOs, neighbourhood associations, companies …),
the city's departments, support centres, and the people attached to each."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kyodo.tenancy import CityOwned, city_manager, unique_in_city

from .validators import (
    validate_corporate_number,
    validate_founded_year,
    validate_kana,
    validate_phone,
    validate_postal_code,
)


class Ward(CityOwned):
    """An administrative ward (区) of the city."""

    name = models.CharField(_("name"), max_length=50)
    name_kana = models.CharField(_("reading (kana)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")
        constraints = [unique_in_city("name", name="ward_unique_in_city")]

    def __str__(self) -> str:
        return self.name


class FieldOfActivity(CityOwned):
    """分野: welfare, child-rearing, education, environment …"""

    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("code"), max_length=50)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")
        constraints = [
            unique_in_city("name", name="field_name_unique_in_city"),
            unique_in_city("slug", name="field_slug_unique_in_city"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def verified(self) -> OrganisationQuerySet:
        return self.filter(status=Organisation.Status.VERIFIED)

    def public(self) -> OrganisationQuerySet:
        return self.verified().filter(is_public=True)


class Organisation(CityOwned):
    """A partner organisation (団体). Registered by a citizen, who becomes its representative;
    listed in the public directory once city staff have verified it."""

    class Kind(models.TextChoices):
        CIVIC_GROUP = "civic", _("Civic group")
        NPO = "npo", _("NPO corporation")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood association")
        COMPANY = "company", _("Company")
        SCHOOL = "school", _("University or school")
        INTERMEDIARY = "intermediary", _("Intermediary support organisation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(pgettext_lazy("organisation", "name (kana)"), max_length=300, validators=[validate_kana])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    representative_name = models.CharField(_("representative"), max_length=100)
    representative_title = models.CharField(_("representative's title"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, help_text=_("7 digits, e.g. 231-0017"), validators=[validate_postal_code]
    )
    ward = models.ForeignKey(
        Ward, verbose_name=_("ward"), on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    email = models.EmailField(_("e-mail"))
    website = models.URLField(_("website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded (year)"), null=True, blank=True, validators=[validate_founded_year]
    )
    member_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    fields = models.ManyToManyField(
        FieldOfActivity, verbose_name=_("fields of activity"), related_name="organisations", blank=True
    )
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True,
        help_text=_("13-digit 法人番号; leave empty for unincorporated groups."),
        validators=[validate_corporate_number],
    )
    public_profile = models.TextField(_("public profile"), blank=True)
    is_public = models.BooleanField(_("show in the public directory"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # The key of the form this row was made from: a double click or a resent POST of the same
    # form finds this row instead of making a second one (kyodo.idempotency).
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = city_manager(OrganisationQuerySet)

    class Meta:
        ordering = ["name_kana", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # Led by the city: every query reads one city's rows (kyodo.tenancy).
            models.Index(fields=["city", "status", "name_kana"], name="organisation_status_kana_idx"),
            models.Index(fields=["city", "name_kana", "id"], name="organisation_kana_idx"),  # the admin's list
        ]
        constraints = [
            # A group active in two cities registers in each: unique within a city.
            models.UniqueConstraint(
                fields=["city", "corporate_number"], condition=~models.Q(corporate_number=""),
                name="organisation_corporate_number_unique_in_city",
            ),
            models.UniqueConstraint(fields=["created_by", "submission_key"], name="organisation_submission_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def postal_code_display(self) -> str:
        code = self.postal_code.replace("-", "")
        return f"〒{code[:3]}-{code[3:]}" if len(code) == 7 else self.postal_code


# The legal moves of an organisation's verification. Rejected organisations go back to
# "awaiting verification" when their representative corrects them; staff may also revoke.
ORGANISATION_TRANSITIONS: dict[str, set[str]] = {
    Organisation.Status.PENDING: {Organisation.Status.VERIFIED, Organisation.Status.REJECTED},
    Organisation.Status.REJECTED: {Organisation.Status.PENDING, Organisation.Status.VERIFIED},
    Organisation.Status.VERIFIED: {Organisation.Status.REJECTED},
}


class OrganisationEvent(CityOwned):
    """One move of an organisation's status, with who made it and why."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Organisation.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Organisation.Status.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("organisation event")
        verbose_name_plural = _("organisation events")

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("organisation",)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_status or '—'} → {self.to_status}"


class Membership(CityOwned):
    """A user's place in an organisation. Representatives edit the organisation and manage its
    members; a removed member's row stays, inactive, for the record."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("user", "organisation")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(CityOwned):
    """An invitation by e-mail to join an organisation. Accepted by a logged-in user whose
    e-mail address is the invited one; a second invitation to the same address renews it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(_("token"), max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    objects = city_manager(InvitationQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("organisation",)

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Department(CityOwned):
    """The city's bureaus (局), their sections (課) and the ward offices (区役所)."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        SECTION = "section", _("Section")
        WARD_OFFICE = "ward_office", _("Ward office")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    ward = models.ForeignKey(
        Ward, verbose_name=_("ward"), on_delete=models.PROTECT, null=True, blank=True, related_name="departments"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            unique_in_city("parent", "name", name="department_unique_name_in_parent"),
            models.CheckConstraint(
                condition=~models.Q(kind="section") | models.Q(parent__isnull=False),
                name="department_section_has_parent",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("parent",)

    def __str__(self) -> str:
        if self.parent_id and self.kind == self.Kind.SECTION:
            return f"{self.parent.name} {self.name}"
        return self.name


class StaffPosting(CityOwned):
    """A city employee's posting to a department: makes the user city staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_postings"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="staff_postings"
    )
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("staff posting")
        verbose_name_plural = _("staff postings")
        constraints = [models.UniqueConstraint(fields=["user", "department"], name="staff_posting_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("user", "department")

    def __str__(self) -> str:
        return f"{self.user} — {self.department}"


class SupportCentre(CityOwned):
    """市民活動支援センター: the city-wide centre, the 市民協働推進センター and one per ward."""

    class Kind(models.TextChoices):
        CITYWIDE = "citywide", _("City-wide centre")
        PROMOTION = "promotion", _("Collaboration promotion centre")
        WARD = "ward", _("Ward centre")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ward = models.ForeignKey(
        Ward, verbose_name=_("ward"), on_delete=models.PROTECT, null=True, blank=True, related_name="centres"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("support centre")
        verbose_name_plural = _("support centres")
        constraints = [unique_in_city("name", name="centre_unique_in_city")]

    def __str__(self) -> str:
        return self.name


class CoordinatorPosting(CityOwned):
    """A coordinator working at a support centre."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="coordinator_postings"
    )
    centre = models.ForeignKey(
        SupportCentre, verbose_name=_("support centre"), on_delete=models.CASCADE, related_name="coordinator_postings"
    )

    class Meta:
        verbose_name = _("coordinator posting")
        verbose_name_plural = _("coordinator postings")
        constraints = [models.UniqueConstraint(fields=["user", "centre"], name="coordinator_posting_unique")]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("user", "centre")

    def __str__(self) -> str:
        return f"{self.user} — {self.centre}"
