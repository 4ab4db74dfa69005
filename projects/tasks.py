"""Notifications about proposals, sent by Celery after the change is committed."""

from __future__ import annotations

from collections import defaultdict

from celery import shared_task
from django.conf import settings

from accounts.models import User
from kyodo.notifications import send_once

from .models import Proposal, ProposalEvent, ProposalStatus

S = ProposalStatus
# The move each kind of notification announces: a task names its event, and an event of another
# move (a task queued by an older release with a proposal id, say) is not announced as this one.
KINDS = {
    "submitted": {S.SUBMITTED}, "resubmitted": {S.SUBMITTED}, "withdrawn": {S.WITHDRAWN}, "brushup": {S.BRUSHUP},
    "decided": {S.ADOPTED, S.NOT_ADOPTED},
}


def _proposer_users(proposal: Proposal) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=proposal.organisation_id, memberships__is_active=True, is_active=True
        ).distinct()
    )


def _staff_users(proposal: Proposal) -> list[User]:
    department_ids = {proposal.call.department_id, *proposal.departments.values_list("pk", flat=True)}
    return list(User.objects.filter(staff_postings__department_id__in=department_ids, is_active=True).distinct())


def recipients_for(proposal: Proposal, kind: str) -> list[User]:
    if kind in {"submitted", "resubmitted"}:
        return _proposer_users(proposal) + _staff_users(proposal)
    if kind == "withdrawn":
        return _staff_users(proposal)
    return _proposer_users(proposal)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5,
             time_limit=120, soft_time_limit=90)
def send_proposal_notification(event_id: int, kind: str) -> int:
    """Mail everyone concerned about the move recorded as `event_id`, each in their own language
    (Japanese unless they chose another), once per person however often the task runs. Returns
    how many people were mailed."""
    if kind not in KINDS:
        return 0
    event = (
        ProposalEvent.objects.select_related("proposal__call", "proposal__organisation")
        .filter(pk=event_id, to_status__in=KINDS[kind]).first()
    )
    if event is None:
        return 0
    proposal = event.proposal
    by_language: dict[str, set[str]] = defaultdict(set)
    for user in recipients_for(proposal, kind):
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        by_language[language].add(user.email)
    sent = 0
    for language, emails in sorted(by_language.items()):
        sent += len(send_once(
            kind=f"projects.proposal_{kind}", key=event.pk, prefix=f"projects/email/proposal_{kind}",
            recipients=emails, context={"proposal": proposal}, language=language,
        ))
    return sent
