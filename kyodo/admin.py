"""Admin for the city's rules: every list is editable; the preset is switched with
`manage.py load_city_rules <city> <preset>`. The city's own record (its name, preamble, mail
sender) is edited by its administrators; its host names and whether it is served, by the
platform's administrators (`kyodo.admin_platform`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    CheckSheetPoint,
    City,
    CollaborationForm,
    EvaluationItem,
    OutboxTask,
    Principle,
    ScreeningCriterionPreset,
    SentNotification,
    StartType,
    WorkflowRule,
)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["city_name", "slug", "preset", "is_active"]
    search_fields = ["city_name", "slug"]
    list_filter = ["preset"]
    fields = ["city_name", "slug", "custom_domains", "preset", "principles_preamble", "mail_from", "mail_signature",
              "is_active"]
    readonly_fields = ["slug", "custom_domains", "preset", "is_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # cities are created on the platform's site, from a preset

    def has_delete_permission(self, request: HttpRequest, obj: City | None = None) -> bool:
        return False


class RuleItemAdmin(admin.ModelAdmin):
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]


@admin.register(Principle)
class PrincipleAdmin(RuleItemAdmin):
    list_display = ["title", "order", "is_active"]
    search_fields = ["title", "text"]


@admin.register(CollaborationForm)
class CollaborationFormAdmin(RuleItemAdmin):
    list_display = ["name", "code", "agreement_template", "order", "is_active"]
    list_filter = ["agreement_template", "is_active"]
    search_fields = ["name", "code", "description"]


@admin.register(StartType)
class StartTypeAdmin(RuleItemAdmin):
    list_display = ["code", "name", "order", "is_active"]
    search_fields = ["code", "name", "description"]


@admin.register(ScreeningCriterionPreset)
class ScreeningCriterionPresetAdmin(RuleItemAdmin):
    list_display = ["name", "weight", "max_score", "is_public_benefit", "order", "is_active"]
    list_filter = ["is_public_benefit", "is_active"]
    search_fields = ["name", "description"]


@admin.register(EvaluationItem)
class EvaluationItemAdmin(RuleItemAdmin):
    list_display = ["name", "order", "is_active"]
    search_fields = ["name", "description"]


@admin.register(CheckSheetPoint)
class CheckSheetPointAdmin(RuleItemAdmin):
    list_display = ["text", "stage", "order", "is_active"]
    list_filter = ["stage", "is_active"]
    search_fields = ["text"]


@admin.register(WorkflowRule)
class WorkflowRuleAdmin(RuleItemAdmin):
    list_display = ["name", "order", "is_active"]
    search_fields = ["name", "text"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Work kept while the broker was unreachable; sent by `flush_outbox` every minute."""

    list_display = ["task_name", "created_at", "sent_at", "attempts", "error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task_name"]
    search_fields = ["task_name", "error"]
    readonly_fields = ["task_name", "args", "kwargs", "error", "attempts", "created_at", "sent_at"]
    actions = ["send_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the waiting tasks now"))
    def send_now(self, request, queryset) -> None:
        from .outbox import flush_outbox

        sent = flush_outbox()
        self.message_user(request, _("%(n)s task(s) sent.") % {"n": sent})


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """Who was sent which notification mail, once each (`kyodo.notifications`). A record, read
    only: removing a row would let a repeated task mail the person again."""

    list_display = ["sent_at", "kind", "key", "recipient"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["recipient", "kind", "key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
