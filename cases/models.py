"""Consultations (相談案件) recorded by coordinators at the support centres: who came, what was
asked and done, the timeline of contacts, referrals, introductions and the outcome.

Personal details of an individual (name, contact) live only in `person_name` and
`person_contact`; `cases.privacy` decides who may see them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.tenancy import CityOwned, city_manager, unique_in_city


class ConsultationTopic(CityOwned):
    """A topic tag: 団体運営, 法人設立, 資金・助成 …"""

    name = models.CharField(_("name"), max_length=50)
    slug = models.SlugField(_("code"), max_length=50)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("consultation topic")
        verbose_name_plural = _("consultation topics")
        constraints = [
            unique_in_city("name", name="topic_name_unique_in_city"),
            unique_in_city("slug", name="topic_slug_unique_in_city"),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    VISIT = "visit", _("Walk-in")
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    OUTREACH = "outreach", _("Home or site visit")
    ONLINE = "online", _("Online meeting")
    PORTAL = "portal", _("Portal request")


class VisitorKind(models.TextChoices):
    NPO = "npo", _("NPO")
    CIVIC = "civic", _("Civic group")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood association")
    COMPANY = "company", _("Company")
    SCHOOL = "school", _("University or school")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", _("Other")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FOLLOWING = "following", _("Following up")
    LED_TO_PROPOSAL = "led_to_proposal", _("Led to a proposal")
    CLOSED = "closed", _("Closed without collaboration")


# The legal moves. A closed case can be reopened when the group comes back; a case that led to
# a proposal can go back to follow-up if the proposal is withdrawn.
TRANSITIONS: dict[str, set[str]] = {
    ConsultationStatus.OPEN: {ConsultationStatus.FOLLOWING, ConsultationStatus.LED_TO_PROPOSAL, ConsultationStatus.CLOSED},
    ConsultationStatus.FOLLOWING: {ConsultationStatus.LED_TO_PROPOSAL, ConsultationStatus.CLOSED},
    ConsultationStatus.LED_TO_PROPOSAL: {ConsultationStatus.FOLLOWING},
    ConsultationStatus.CLOSED: {ConsultationStatus.FOLLOWING},
}

ACTIVE_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.FOLLOWING)


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def active(self) -> ConsultationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_centres(self, centre_ids) -> ConsultationQuerySet:
        return self.filter(centre_id__in=centre_ids)

    def new_requests(self) -> ConsultationQuerySet:
        """Asked for from the portal and not yet taken by a coordinator."""
        return self.filter(channel=Channel.PORTAL, coordinator__isnull=True, status=ConsultationStatus.OPEN)

    def in_fiscal_year(self, fy: int) -> ConsultationQuerySet:
        from kyodo.fiscal import fiscal_year_bounds

        start, end = fiscal_year_bounds(fy)
        return self.filter(opened_at__gte=start, opened_at__lt=end)


class Consultation(CityOwned):
    """相談案件."""

    Status = ConsultationStatus

    centre = models.ForeignKey(
        "partners.SupportCentre", verbose_name=_("support centre"), on_delete=models.PROTECT,
        related_name="consultations",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator in charge"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="consultations_in_charge",
    )
    opened_at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Who came: an organisation already registered, a group not (yet) registered, or an individual.
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="consultations",
    )
    group_name = models.CharField(_("group name (not registered)"), max_length=200, blank=True)
    person_name = models.CharField(_("person's name"), max_length=100, blank=True)
    person_contact = models.CharField(_("person's contact"), max_length=200, blank=True)
    visitor_kind = models.CharField(_("kind of visitor"), max_length=20, choices=VisitorKind.choices)
    topics = models.ManyToManyField(
        ConsultationTopic, verbose_name=_("topics"), related_name="consultations", blank=True
    )
    fields = models.ManyToManyField(
        "partners.FieldOfActivity", verbose_name=_("fields of activity"), related_name="consultations", blank=True
    )
    ward = models.ForeignKey(
        "partners.Ward", verbose_name=_("ward"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultations",
    )
    summary = models.CharField(_("summary"), max_length=200)
    question = models.TextField(_("what was asked"), blank=True)
    response = models.TextField(_("what was done"), blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    closed_reason = models.TextField(_("reason for closing without collaboration"), blank=True)
    proposal = models.ForeignKey(
        "projects.Proposal", verbose_name=_("proposal"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="consultations",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="consultation_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # The key of the form this row was made from: a double click or a resent POST of the same
    # form finds this row instead of making a second one (kyodo.idempotency).
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = city_manager(ConsultationQuerySet)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            # Covers the queue's counts (PostgreSQL answers them from the index alone).
            models.Index(
                fields=["centre", "status", "next_follow_up"], include=["channel", "coordinator", "id"],
                name="consultation_queue_idx",
            ),
            # The newest first (the admin's list, the year's bounds and ranges), in the city.
            models.Index(fields=["city", "opened_at"], name="consultation_opened_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ConsultationStatus.CLOSED) | ~Q(closed_reason=""),
                name="consultation_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(group_name="") | ~Q(person_name=""),
                name="consultation_who_came",
            ),
            models.UniqueConstraint(fields=["created_by", "submission_key"], name="consultation_submission_once"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_new_request(self) -> bool:
        return self.channel == Channel.PORTAL and self.coordinator_id is None and self.status == ConsultationStatus.OPEN

    def follow_up_state(self, today: dt.date) -> str:
        """'overdue', 'today', 'upcoming' or '' (no follow-up or the case is not active)."""
        if not self.is_active or self.next_follow_up is None:
            return ""
        if self.next_follow_up < today:
            return "overdue"
        if self.next_follow_up == today:
            return "today"
        return "upcoming"

    def visitor_public_label(self) -> str:
        """Who came, without an individual's name: safe for any viewer and for exports."""
        if self.organisation_id:
            return self.organisation.name
        if self.group_name:
            return self.group_name
        return str(_("Individual (anonymous)"))


class ConsultationContact(CityOwned):
    """One entry of a case's timeline: a call, a visit, an e-mail …"""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="contacts"
    )
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["contacted_on", "id"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_channel_display()}"


def _exactly_one(*names: str) -> Q:
    """A Q true when exactly one of the nullable foreign keys `names` is set."""
    out = Q()
    for name in names:
        term = Q(**{f"{name}__isnull": False})
        for other in names:
            if other != name:
                term &= Q(**{f"{other}__isnull": True})
        out |= term
    return out


class Referral(CityOwned):
    """紹介先: the case referred to a department, an organisation or another centre."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="referrals"
    )
    department = models.ForeignKey(
        "partners.Department", verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultation_referrals",
    )
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultation_referrals",
    )
    centre = models.ForeignKey(
        "partners.SupportCentre", verbose_name=_("support centre"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="consultation_referrals",
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one("department", "organisation", "centre"), name="referral_exactly_one_target"
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("department", "organisation", "centre")

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.department or self.organisation or self.centre


class Introduction(CityOwned):
    """マッチング: a department or organisation introduced to the visitor, with the score shown."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="introductions"
    )
    department = models.ForeignKey(
        "partners.Department", verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultation_introductions",
    )
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="consultation_introductions",
    )
    score = models.PositiveIntegerField(_("match score"), default=0)
    score_components = models.JSONField(_("score components"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one("department", "organisation"), name="introduction_exactly_one_target"
            ),
            models.UniqueConstraint(
                fields=["consultation", "department"], condition=Q(department__isnull=False),
                name="introduction_unique_department",
            ),
            models.UniqueConstraint(
                fields=["consultation", "organisation"], condition=Q(organisation__isnull=False),
                name="introduction_unique_organisation",
            ),
        ]

    # What __str__ reads, joined by the admin's change lists (kyodo.adminlists).
    STR_RELATED = ("department", "organisation")

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.department or self.organisation


class ConsultationEvent(CityOwned):
    """What happened to a case, by whom and when: status changes, hand-overs, referrals …"""

    class Kind(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        REQUESTED = "requested", _("Requested from the portal")
        STATUS = "status", _("Status changed")
        HANDED_OVER = "handed_over", _("Handed over")
        REFERRED = "referred", _("Referred")
        INTRODUCED = "introduced", _("Introduced")
        CONTACT = "contact", _("Contact added")
        FOLLOW_UP = "follow_up", _("Follow-up scheduled")
        PROPOSAL = "proposal", _("Linked to a proposal")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=ConsultationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ConsultationStatus.choices, blank=True)
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from coordinator"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    to_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to coordinator"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    from_centre = models.ForeignKey(
        "partners.SupportCentre", verbose_name=_("from centre"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    to_centre = models.ForeignKey(
        "partners.SupportCentre", verbose_name=_("to centre"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
