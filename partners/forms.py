"""Forms for organisations, invitations and verification. Input is NFKC-normalised where that
does not change its meaning; the model validators then check the normalised value."""

from __future__ import annotations

from functools import partial

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kyodo.forms import FreeText
from kyodo.idempotency import SubmissionKeyMixin
from kyodo.text import normalize

from .models import Membership, Organisation
from .validators import normalize_corporate_number, normalize_kana, normalize_phone, normalize_postal_code


class NormalizedEmailField(forms.EmailField):
    """An e-mail field that accepts full-width input (ｎｅｗ＠example.jp)."""

    def to_python(self, value):
        return normalize(super().to_python(value)).lower()


TEXT_FIELDS = ["name", "representative_name", "representative_title", "address", "public_profile"]


def _loose(name: str, **attrs: str) -> forms.CharField:
    """A text field for a model field whose stored form is shorter than what people type
    (`〒２３１－００１７`): the model's own validators check the normalised value."""
    model_field = Organisation._meta.get_field(name)
    return forms.CharField(
        label=model_field.verbose_name, help_text=model_field.help_text, required=not model_field.blank,
        max_length=30, widget=forms.TextInput(attrs=attrs),
    )


class OrganisationForm(forms.ModelForm):
    postal_code = _loose("postal_code", autocomplete="postal-code", inputmode="numeric")
    phone = _loose("phone", autocomplete="tel", inputmode="tel")
    corporate_number = _loose("corporate_number", inputmode="numeric")
    public_profile = FreeText(
        label=capfirst(Organisation._meta.get_field("public_profile").verbose_name), required=False, rows=5,
        help_text=_("Shown in the public directory once the city has verified the organisation."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "name_kana", "kind", "representative_name", "representative_title", "postal_code", "ward",
            "address", "phone", "email", "website", "founded_year", "member_count", "fields",
            "corporate_number", "public_profile", "is_public",
        ]
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        field_classes = {"website": partial(forms.URLField, assume_scheme="https"), "email": NormalizedEmailField}
        help_texts = {
            "name_kana": _("In katakana or hiragana, e.g. コウナンダイイキイキプレイパーク."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].empty_label = _("(outside the city / none)")
        self.fields["phone"].help_text = _("Hyphens and full-width digits are fine.")

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in TEXT_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = normalize(cleaned[name])
        return cleaned

    def clean_name_kana(self) -> str:
        return normalize_kana(self.cleaned_data["name_kana"])

    def clean_postal_code(self) -> str:
        return normalize_postal_code(self.cleaned_data["postal_code"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_corporate_number(self) -> str:
        return normalize_corporate_number(self.cleaned_data["corporate_number"])



class OrganisationRegisterForm(SubmissionKeyMixin, OrganisationForm):
    """The first registration: one organisation per submitted form, however often it is sent."""


class InvitationForm(forms.Form):
    email = NormalizedEmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class VerificationForm(forms.Form):
    note = FreeText(
        label=_("Note to the organisation"), required=False, rows=3,
        help_text=_("Required when you do not verify: say what to correct."),
    )

    def clean_note(self) -> str:
        return normalize(self.cleaned_data["note"])
