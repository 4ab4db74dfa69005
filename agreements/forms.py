from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from kyodo.forms import LONG_TEXT, SECTION_TEXT, FreeText

from .models import AgreementMilestone, TemplateType


class ContentForm(forms.Form):
    """The clauses of an agreement that are free text."""

    title = forms.CharField(label=_("Project title"), max_length=200)
    purpose = FreeText(label=_("Purpose shared by the parties"), max_length=SECTION_TEXT, rows=4)
    overview = FreeText(label=_("Project overview"), max_length=SECTION_TEXT, rows=4)
    collaboration_form = forms.CharField(label=_("Form of collaboration"), max_length=50, required=False)
    template_type = forms.ChoiceField(label=_("Agreement template"), choices=TemplateType.choices)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    responsibilities = FreeText(label=_("Responsibilities and risks"), max_length=SECTION_TEXT, rows=3)
    personal_information = FreeText(label=_("Handling of personal information"), max_length=SECTION_TEXT, rows=3)
    results_copyright = FreeText(label=_("Results and copyright"), max_length=SECTION_TEXT, rows=3)
    information_sharing = FreeText(label=_("Information sharing and publication"), max_length=SECTION_TEXT, rows=3)
    amendment_termination = FreeText(label=_("Amendment and termination"), max_length=SECTION_TEXT, rows=3)
    consultation = FreeText(label=_("Matters not provided for (協議)"), max_length=SECTION_TEXT, rows=2)
    principles = FreeText(label=_("Principles of collaboration"), max_length=SECTION_TEXT, rows=8)
    note = forms.CharField(label=_("What did you change? (for the other parties)"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class _RowForm(forms.Form):
    """A formset row: rendered as bare widgets in a table, so they carry Bootstrap classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class _PartyRowForm(_RowForm):
    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "---------"), *party_choices]


class RoleRowForm(_PartyRowForm):
    task = forms.CharField(label=_("Task"), max_length=300)
    party = forms.ChoiceField(label=_("Party"))


class CostRowForm(_PartyRowForm):
    item = forms.CharField(label=_("Item"), max_length=200)
    amount = forms.IntegerField(label=_("Amount (yen)"), min_value=0, max_value=10**12)
    party = forms.ChoiceField(label=_("Borne by"))


class MilestoneRowForm(_RowForm):
    title = forms.CharField(label=_("Review"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementMilestone.Kind.choices,
                             initial=AgreementMilestone.Kind.REVIEW)


RoleFormSet = formset_factory(RoleRowForm, extra=2, can_delete=True)
CostFormSet = formset_factory(CostRowForm, extra=2, can_delete=True)
MilestoneFormSet = formset_factory(MilestoneRowForm, extra=1, can_delete=True)


class SignatoryForm(forms.Form):
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=100, required=False)
    signatory_name = forms.CharField(label=_("Signatory's name"), max_length=100, required=False)


def rows(formset) -> list[dict]:
    """Filled, not deleted rows of a valid formset."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CommentForm(forms.Form):
    body = FreeText(label=_("Comment"), max_length=LONG_TEXT, rows=3)


class SignForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    signer_title = forms.CharField(label=_("Your title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Your name as signatory"), max_length=100)
    confirm = forms.BooleanField(label=_("I have read this version and sign it for my party."))


class PaperSignatureForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"))
    signer_title = forms.CharField(label=_("Signatory's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signatory's name"), max_length=100)
    signed_on = forms.DateField(label=_("Date on the sealed copy"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(label=_("Scan of the sealed copy (PDF or image)"))
    checked = forms.BooleanField(
        label=_("I checked that the sealed copy is this version of the text and the seals are in place.")
    )

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = list(party_choices)

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > settings.KYODO_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        head = scan.read(8)
        scan.seek(0)
        if not (head.startswith(b"%PDF") or head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8")):
            raise forms.ValidationError(_("Upload a PDF, PNG or JPEG file."))
        return scan


class VerifyForm(forms.Form):
    sha256 = forms.CharField(label=_("SHA-256 of the PDF"), max_length=80, required=False,
                             help_text=_("64 hexadecimal characters."))
    file = forms.FileField(label=_("Or upload the PDF"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.KYODO_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large to check."))
        return upload

    def clean_sha256(self):
        value = re.sub(r"\s+", "", self.cleaned_data.get("sha256") or "").lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A SHA-256 is 64 characters 0–9 and a–f."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("sha256") and not data.get("file") and not self.errors:
            raise forms.ValidationError(_("Enter a SHA-256 or choose a PDF file."))
        return data
