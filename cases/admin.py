"""Admin: search and filters; status is read-only (moves go through the services). An
individual's name and contact are not shown here: the privacy rule limits them to the centre's
coordinators and referred staff, who see them in the portal."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kyodo.workflow import NotAllowed, TransitionError

from . import services
from .models import (
    Consultation,
    ConsultationContact,
    ConsultationEvent,
    ConsultationTopic,
    Introduction,
    Referral,
)


@admin.register(ConsultationTopic)
class ConsultationTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    list_filter = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class ContactInline(admin.TabularInline):
    model = ConsultationContact
    extra = 0
    fields = ["contacted_on", "channel", "note", "by"]
    readonly_fields = ["by"]


class ReferralInline(admin.TabularInline):
    model = Referral
    extra = 0
    fields = ["department", "organisation", "centre", "note", "by", "at"]
    readonly_fields = ["by", "at"]


class EventInline(admin.TabularInline):
    model = ConsultationEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "from_status", "to_status", "from_centre", "to_centre", "to_coordinator", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description=_("Reopen the selected closed cases"))
def reopen_cases(modeladmin, request, queryset) -> None:
    for case in queryset:
        try:
            services.consultation_reopen(consultation=case, by=request.user)
        except (NotAllowed, TransitionError) as exc:
            messages.error(request, f"{case}: {exc}")


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["summary", "centre", "opened_at", "channel", "visitor_kind", "coordinator", "status", "next_follow_up"]
    # A date filter rather than date_hierarchy, whose year links read every row's date.
    list_filter = ["status", "channel", "visitor_kind", "centre", "topics", "ward", "opened_at"]
    search_fields = ["summary", "organisation__name", "group_name", "question"]
    exclude = ["person_name", "person_contact"]
    readonly_fields = ["status", "closed_reason", "proposal", "requested_by", "created_by", "created_at", "updated_at"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["topics", "fields"]
    inlines = [ContactInline, ReferralInline, EventInline]
    actions = [reopen_cases]
    list_select_related = ["centre", "coordinator"]

    def has_add_permission(self, request) -> bool:
        # Consultations are recorded in the portal, through `consultation_record`.
        return False


@admin.register(ConsultationContact)
class ConsultationContactAdmin(admin.ModelAdmin):
    list_display = ["consultation", "contacted_on", "channel", "by"]
    list_filter = ["channel", "contacted_on"]
    search_fields = ["consultation__summary", "note"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["consultation", "department", "organisation", "centre", "at"]
    list_filter = ["department", "centre"]
    search_fields = ["consultation__summary", "organisation__name", "note"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["consultation", "department", "organisation", "score", "at"]
    list_filter = ["department"]
    search_fields = ["consultation__summary", "organisation__name", "note"]
    readonly_fields = ["score", "score_components"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(admin.ModelAdmin):
    list_display = ["consultation", "kind", "from_status", "to_status", "actor", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["consultation__summary"]
    readonly_fields = [f.name for f in ConsultationEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
