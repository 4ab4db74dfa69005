from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.permissions import committee_members
from accounts.roles import roles_of
from kyodo.workflow import NotAllowed, TransitionError

from . import permissions, services
from .models import (
    BudgetLine,
    Call,
    ConflictDeclaration,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalMessage,
    ProposalRevision,
    ProposalRole,
    Score,
    ScreeningCriterion,
    ScreeningRound,
)


class CallYearFilter(admin.SimpleListFilter):
    """The call's fiscal year: a short list, where a filter by call listed every call ever made."""

    title = _("fiscal year")
    parameter_name = "fiscal_year"
    path = "call__fiscal_year"

    def lookups(self, request, model_admin):
        from kyodo.fiscal import fiscal_year_label

        years = Call.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
        return [(str(y), fiscal_year_label(y)) for y in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.path: int(value)})
        return queryset


class ProposalCallYearFilter(CallYearFilter):
    path = "proposal__call__fiscal_year"


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "origin", "department", "fiscal_year", "deadline", "is_published"]
    list_filter = ["origin", "fiscal_year", "is_published", "department"]
    search_fields = ["title", "problem"]
    date_hierarchy = "deadline"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "department" and not roles_of(request.user).admin:
            formfield.queryset = permissions.call_departments(request.user, formfield.queryset)
        return formfield


class RoleInline(admin.TabularInline):
    model = ProposalRole
    extra = 0


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = ProposalAttachment
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "at", "note"]
    can_delete = False


def _run_each(modeladmin, request, queryset, service, done, **kwargs) -> None:
    ok = 0
    for proposal in queryset:
        try:
            service(proposal=proposal, by=request.user, **kwargs)
            ok += 1
        except (TransitionError, NotAllowed, ValidationError) as exc:
            modeladmin.message_user(request, f"{proposal}: {exc}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"n": ok}, messages.SUCCESS)


@admin.action(description=_("Return for brush-up"))
def return_for_brushup(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, services.proposal_return_for_brushup,
              _("%(n)s proposal(s) returned for brush-up."))


@admin.action(description=_("Send to screening"))
def send_to_screening(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, services.proposal_send_to_screening,
              _("%(n)s proposal(s) sent to screening."))


def _decide_action(service, done, title):
    """An action that asks for the reasons first (条例第10条), then calls the service per proposal."""

    def action(modeladmin, request, queryset):
        from django.contrib.admin import helpers
        from django.template.response import TemplateResponse

        from kyodo.text import normalize

        reason = normalize(request.POST.get("reason", ""))
        if "apply" in request.POST and reason:
            _run_each(modeladmin, request, queryset, service, done, reason=reason)
            return None
        return TemplateResponse(
            request, "admin/projects/proposal/decide.html",
            {
                **modeladmin.admin_site.each_context(request), "title": title, "proposals": queryset,
                "action": request.POST.get("action"), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "missing_reason": "apply" in request.POST, "opts": modeladmin.model._meta,
            },
        )

    return action


adopt = admin.action(description=_("Adopt (with reasons)…"))(
    _decide_action(services.proposal_adopt, _("%(n)s proposal(s) adopted."), _("Adopt"))
)
adopt.__name__ = "adopt"
reject = admin.action(description=_("Do not adopt (with reasons)…"))(
    _decide_action(services.proposal_reject, _("%(n)s proposal(s) not adopted."), _("Do not adopt"))
)
reject.__name__ = "reject"


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "call", "origin", "status", "ward", "submitted_at"]
    list_filter = ["status", "origin", CallYearFilter, "departments", "ward", "fields"]
    search_fields = ["title", "organisation__name", "purpose"]
    readonly_fields = ["status", "submitted_at", "decided_at", "decided_by", "decision_reason", "created_by"]
    autocomplete_fields: list[str] = []
    filter_horizontal = ["co_proposers", "departments", "fields"]
    inlines = [RoleInline, BudgetInline, AttachmentInline, EventInline]
    actions = [return_for_brushup, send_to_screening, adopt, reject]
    list_select_related = ["organisation", "call", "ward"]
    list_per_page = 50


class CriterionInline(admin.TabularInline):
    model = ScreeningCriterion
    extra = 0


@admin.register(ScreeningRound)
class ScreeningRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "pass_mark_percent"]
    list_filter = ["call__fiscal_year"]
    search_fields = ["name", "call__title"]
    filter_horizontal = ["members"]
    inlines = [CriterionInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":
            kwargs["queryset"] = committee_members()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["proposal", "criterion", "member", "score", "scored_at"]
    list_filter = ["criterion__round"]  # not each of the rounds' criteria: thousands of links
    search_fields = ["proposal__title", "member__email"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["proposal", "member", "declared_at"]
    list_filter = ["declared_at"]
    search_fields = ["proposal__title", "member__email"]


@admin.register(ProposalMessage)
class ProposalMessageAdmin(admin.ModelAdmin):
    list_display = ["proposal", "author", "is_internal", "created_at"]
    list_select_related = ["author", "proposal"]
    list_filter = ["is_internal"]
    search_fields = ["proposal__title", "body"]


@admin.register(ProposalRevision)
class ProposalRevisionAdmin(admin.ModelAdmin):
    list_display = ["proposal", "number", "created_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["proposal__title"]
    readonly_fields = ["proposal", "number", "snapshot", "created_by", "created_at"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(admin.ModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    search_fields = ["proposal__title", "note"]
    readonly_fields = ["proposal", "actor", "from_status", "to_status", "at", "note"]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "proposal", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "proposal__title"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(ProposalRole)
class ProposalRoleAdmin(admin.ModelAdmin):
    list_display = ["task", "party", "proposal"]
    list_filter = ["party"]
    search_fields = ["task", "proposal__title"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["item", "amount", "city_share", "proposal"]
    list_filter = [ProposalCallYearFilter]
    search_fields = ["item", "proposal__title"]


@admin.register(ScreeningCriterion)
class ScreeningCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "weight", "max_score", "is_public_benefit"]
    list_filter = ["round", "is_public_benefit"]
    search_fields = ["name"]
