from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kyodo.workflow import NotAllowed, TransitionError

from . import services
from .models import (
    CheckSheetAnswer,
    ItemRating,
    MilestoneReminder,
    PartyReviewResponse,
    ProjectTarget,
    Review,
    ReviewEvent,
    ReviewPublicationApproval,
    TargetResult,
)


@admin.register(ProjectTarget)
class ProjectTargetAdmin(admin.ModelAdmin):
    list_display = ["description", "agreement", "kind", "target_value", "unit"]
    list_filter = ["kind"]
    search_fields = ["description", "agreement__number", "agreement__title"]
    raw_id_fields = ["agreement", "created_by"]


class ResponseInline(admin.TabularInline):
    model = PartyReviewResponse
    extra = 0
    can_delete = False
    readonly_fields = ["party", "submitted_at", "submitted_by", "overall_comment"]


class ApprovalInline(admin.TabularInline):
    model = ReviewPublicationApproval
    extra = 0
    can_delete = False
    readonly_fields = ["party", "text_hash", "approved_by", "approved_at"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["agreement", "milestone", "stage", "status", "decision", "decided_at", "published_at"]
    list_filter = ["status", "stage", "decision"]
    search_fields = ["agreement__number", "agreement__title", "milestone__title", "public_summary"]
    readonly_fields = ["status", "items", "points", "sections", "decided_at", "decided_by", "published_at",
                       "opened_by", "public_summary"]
    raw_id_fields = ["milestone", "agreement"]
    inlines = [ResponseInline, ApprovalInline]
    actions = ["recheck_publication"]

    @admin.action(description=_("Re-check the publication approvals (publish when every party approved)"))
    def recheck_publication(self, request, queryset) -> None:
        for review in queryset.filter(status=Review.Status.DECIDED):
            for approval in review.approvals.select_related("party", "approved_by"):
                try:
                    services.review_approve_publication(review=review, party=approval.party, by=approval.approved_by)
                except (NotAllowed, TransitionError) as exc:
                    self.message_user(request, f"{review}: {exc}", messages.WARNING)


@admin.register(PartyReviewResponse)
class PartyReviewResponseAdmin(admin.ModelAdmin):
    list_display = ["review", "party", "submitted_at", "submitted_by"]
    list_select_related = ["review__agreement", "review__milestone", "party__organisation", "party__department__parent", "submitted_by"]
    search_fields = ["review__agreement__number", "party__organisation__name", "party__department__name"]
    list_filter = ["review__stage"]
    readonly_fields = ["review", "party", "submitted_at", "submitted_by"]


@admin.register(CheckSheetAnswer)
class CheckSheetAnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "point_id", "answer"]
    list_filter = ["answer"]
    search_fields = ["response__review__agreement__number"]


@admin.register(ItemRating)
class ItemRatingAdmin(admin.ModelAdmin):
    list_display = ["response", "section", "item_id", "score"]
    list_select_related = ["response__review__agreement", "response__review__milestone", "response__party__organisation", "response__party__department__parent"]
    list_filter = ["section", "score"]
    search_fields = ["response__review__agreement__number", "comment"]


@admin.register(TargetResult)
class TargetResultAdmin(admin.ModelAdmin):
    list_display = ["review", "target", "actual_value"]
    search_fields = ["target__description", "review__agreement__number"]
    list_filter = ["target__kind"]


@admin.register(ReviewPublicationApproval)
class ReviewPublicationApprovalAdmin(admin.ModelAdmin):
    list_display = ["review", "party", "approved_by", "approved_at"]
    search_fields = ["review__agreement__number"]
    list_filter = ["approved_at"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["review", "kind", "actor", "from_status", "to_status", "at"]
    list_select_related = ["review__agreement", "review__milestone", "actor"]
    list_filter = ["kind"]
    search_fields = ["review__agreement__number"]


@admin.register(MilestoneReminder)
class MilestoneReminderAdmin(admin.ModelAdmin):
    list_display = ["milestone", "kind", "created_at", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["milestone__title", "milestone__agreement__number"]
    readonly_fields = ["recipients", "sent_at"]
