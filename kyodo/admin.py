"""Admin for the city's rules: every list is editable; the preset is switched with
`manage.py load_city_rules`."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    CheckSheetPoint,
    CityProfile,
    CollaborationForm,
    EvaluationItem,
    OutboxTask,
    Principle,
    ScreeningCriterionPreset,
    StartType,
    WorkflowRule,
)


@admin.register(CityProfile)
class CityProfileAdmin(admin.ModelAdmin):
    list_display = ["city_name", "preset"]
    search_fields = ["city_name"]
    list_filter = ["preset"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CityProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: CityProfile | None = None) -> bool:
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
