from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.text import normalize


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth applies this order to its own fields and ours together.
    field_order = ["email", "display_name", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("Shown to the groups and city staff you work with."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self) -> str:
        name = normalize(self.cleaned_data["display_name"]).strip()
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
