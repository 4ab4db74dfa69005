from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.text import normalize


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password."""

    display_name = forms.CharField(label=_("Your name"), max_length=100)

    def clean_display_name(self) -> str:
        return normalize(self.cleaned_data["display_name"])

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
