"""E-mail notifications sent at most once per event and recipient.

A notification task may run twice: the outbox can publish it again, `acks_late` redelivers it
when a worker dies, and `autoretry_for` runs it again after a fault. Each mail is therefore
keyed on the row of the event it announces (a proposal event, a referral, a reminder …):
`send_once` claims one `SentNotification` row per (kind, key, recipient) and sends in the same
transaction. A second run finds the rows and sends nothing; a run that fails before the mail
is out rolls its rows back, so the retry sends it. Two runs at the same moment queue on the
unique index: the second sees the first's rows once it commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .mail import send_templated_mail
from .tenancy import CityOwned


class SentNotification(CityOwned):
    """One notification mail to one recipient: its row is what keeps it from being sent again."""

    kind = models.CharField(_("kind"), max_length=100)
    key = models.CharField(_("event"), max_length=100)
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        app_label = "kyodo"
        ordering = ["-sent_at", "-id"]
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="notification_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient}"


def _claim(kind: str, key: str, recipient: str) -> bool:
    """Record the mail to `recipient`; False when it was already recorded (sent)."""
    try:
        with transaction.atomic():
            SentNotification.objects.create(kind=kind, key=key, recipient=recipient)
    except IntegrityError:
        return False
    return True


def send_once(
    *, kind: str, key: str | int, prefix: str, recipients: Iterable[str], context: dict,
    language: str | None = None,
) -> list[str]:
    """Send the templated mail `prefix` to those of `recipients` who have not had notification
    (`kind`, `key`) yet, and return them. `key` identifies the event row the mail is about."""
    key = str(key)
    with transaction.atomic():
        # Sorted: two runs claim in the same order, so they cannot wait on each other in a circle.
        fresh = [r for r in sorted({r.strip().lower() for r in recipients if r}) if _claim(kind, key, r)]
        if fresh:
            # Inside the transaction: if sending fails the claims roll back and a retry sends.
            send_templated_mail(prefix, fresh, context, language=language)
    return fresh
