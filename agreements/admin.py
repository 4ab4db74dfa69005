"""Admin: read-mostly. Status, versions and signatures change only through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kyodo.workflow import NotAllowed, TransitionError

from . import services
from .models import (
    Agreement,
    AgreementComment,
    AgreementEvent,
    AgreementMilestone,
    AgreementNumberCounter,
    AgreementParty,
    AgreementRender,
    AgreementVersion,
    PartyAgreement,
    Signature,
)


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    fields = ("order", "organisation", "department", "signatory_title", "signatory_name")
    raw_id_fields = ("organisation", "department")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "status", "current_version", "in_force_at")
    list_select_related = ("current_version__agreement",)
    list_filter = ("status",)
    search_fields = ("number", "title", "proposal__title")
    readonly_fields = ("status", "current_version", "in_force_version", "in_force_at", "created_by", "created_at")
    raw_id_fields = ("proposal",)
    inlines = [PartyInline]
    actions = ["amend"]

    @admin.action(description=_("Start an amendment (変更協定)"))
    def amend(self, request, queryset) -> None:
        for agreement in queryset:
            try:
                services.agreement_amend(agreement=agreement, by=request.user)
            except (NotAllowed, TransitionError) as exc:
                self.message_user(request, f"{agreement.number}: {exc}", messages.ERROR)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "number", "short_hash", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("agreement__number", "agreement__title", "content_hash")


@admin.register(PartyAgreement)
class PartyAgreementAdmin(ReadOnlyAdmin):
    list_display = ("version", "party", "agreed_by", "agreed_at")
    list_filter = ("agreed_at",)
    search_fields = ("version__agreement__number",)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("version", "party", "kind", "signer_name", "signed_at", "checked_by")
    list_filter = ("kind", "signed_at")
    search_fields = ("version__agreement__number", "signer_name", "content_hash")


@admin.register(AgreementEvent)
class AgreementEventAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "kind", "version", "actor", "from_status", "to_status", "created_at")
    list_select_related = ("agreement", "actor", "version__agreement")
    list_filter = ("kind",)
    search_fields = ("agreement__number",)


@admin.register(AgreementComment)
class AgreementCommentAdmin(admin.ModelAdmin):
    list_display = ("agreement", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("agreement__number", "body")
    raw_id_fields = ("agreement", "version", "author")


@admin.register(AgreementMilestone)
class AgreementMilestoneAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "title", "kind", "due_date")
    list_filter = ("kind", "due_date")
    search_fields = ("agreement__number", "title")


@admin.register(AgreementRender)
class AgreementRenderAdmin(ReadOnlyAdmin):
    list_display = ("version", "status", "size", "attempts", "queued_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("version__agreement__number", "sha256")
    actions = ["retry"]

    @admin.action(description=_("Render the PDF again"))
    def retry(self, request, queryset) -> None:
        for render in queryset:
            try:
                services.render_retry(render=render, by=request.user)
            except NotAllowed as exc:
                self.message_user(request, str(exc), messages.ERROR)


@admin.register(AgreementNumberCounter)
class AgreementNumberCounterAdmin(ReadOnlyAdmin):
    """The last number given each fiscal year. Read only: a lowered counter would hand out a
    number again."""

    list_display = ("year", "last")
    list_filter = ("year",)
    search_fields = ("year",)
