"""Admin for partners. Verification goes through the same services as the site (admin actions);
the status itself is read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kyodo.workflow import NotAllowed, TransitionError

from . import services
from .models import (
    CoordinatorPosting,
    Department,
    FieldOfActivity,
    Invitation,
    Membership,
    Organisation,
    OrganisationEvent,
    StaffPosting,
    SupportCentre,
    Ward,
)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kana", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_kana"]
    list_filter: list[str] = []


@admin.register(FieldOfActivity)
class FieldOfActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class OrganisationEventInline(admin.TabularInline):
    model = OrganisationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ward", "status", "is_public", "created_at"]
    list_select_related = ["ward"]
    # A date filter rather than date_hierarchy, whose year links read every row's date.
    list_filter = ["kind", "status", "ward", "fields", "is_public", "created_at"]
    search_fields = ["name", "name_kana", "representative_name", "email", "corporate_number"]
    readonly_fields = ["status", "status_note", "verified_by", "verified_at", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["fields"]
    inlines = [MembershipInline, OrganisationEventInline]
    actions = ["verify", "reject"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._decide(request, queryset, services.organisation_verify, note="")

    @admin.action(description=_("Do not verify the selected organisations"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        note = str(_("The details could not be confirmed. Please contact the city."))
        self._decide(request, queryset, services.organisation_reject, note=note)

    def _decide(self, request: HttpRequest, queryset: QuerySet[Organisation], service, note: str) -> None:
        done = 0
        for organisation in queryset:
            try:
                service(organisation=organisation, by=request.user, note=note)
                done += 1
            except (NotAllowed, TransitionError) as exc:
                self.message_user(request, f"{organisation}: {exc}", messages.WARNING)
        if done:
            self.message_user(
                request, ngettext("%d organisation updated.", "%d organisations updated.", done) % done,
                messages.SUCCESS,
            )


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(admin.ModelAdmin):
    list_display = ["organisation", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["organisation__name", "note"]
    readonly_fields = ["organisation", "actor", "from_status", "to_status", "note", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__display_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]
    autocomplete_fields = ["organisation"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "parent", "ward", "phone", "order"]
    list_filter = ["kind", "parent", "ward"]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent"]


@admin.register(StaffPosting)
class StaffPostingAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "title"]
    list_select_related = ["user", "department__parent"]
    list_filter = ["department__kind", "department"]
    search_fields = ["user__email", "user__display_name", "department__name"]
    autocomplete_fields = ["user", "department"]


@admin.register(SupportCentre)
class SupportCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ward", "phone", "order"]
    list_filter = ["kind", "ward"]
    search_fields = ["name", "address"]


@admin.register(CoordinatorPosting)
class CoordinatorPostingAdmin(admin.ModelAdmin):
    list_display = ["user", "centre"]
    list_filter = ["centre__kind", "centre"]
    search_fields = ["user__email", "user__display_name", "centre__name"]
    autocomplete_fields = ["user", "centre"]
