"""Translated e-mails with text and HTML parts, rendered from template triples:
`<prefix>_subject.txt`, `<prefix>.txt`, `<prefix>.html`."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(prefix: str, recipients: Iterable[str], context: dict, language: str | None = None) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    context = {"base_url": settings.KYODO_BASE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{prefix}_subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=text, to=recipients
    )
    message.attach_alternative(html, "text/html")
    return message.send()
