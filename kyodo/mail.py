"""Translated e-mails with text and HTML parts, rendered from template triples:
`<prefix>_subject.txt`, `<prefix>.txt`, `<prefix>.html`. A mail is the current city's: its
links point at the city's host, it is sent from the city's sender and carries its signature."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .tenancy import current_city


def send_templated_mail(prefix: str, recipients: Iterable[str], context: dict, language: str | None = None) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    city = current_city()
    context = {"base_url": city.base_url, "city": city, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{prefix}_subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"{prefix}.txt", context)
        html = render_to_string(f"{prefix}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=f"{text.rstrip()}\n\n-- \n{city.mail_signature}\n" if city.mail_signature else text,
        from_email=city.mail_from or settings.DEFAULT_FROM_EMAIL, to=recipients,
    )
    message.attach_alternative(html, "text/html")
    return message.send()
