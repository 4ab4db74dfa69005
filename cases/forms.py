from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kyodo.forms import SHORT_TEXT, FreeText
from kyodo.idempotency import SubmissionKeyMixin
from kyodo.text import normalize
from partners.models import Department, Organisation, SupportCentre

from .models import Channel, Consultation, ConsultationTopic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
IN_PERSON_CHANNELS = [c for c in Channel.choices if c[0] != Channel.PORTAL]


class ConsultationForm(SubmissionKeyMixin, forms.ModelForm):
    """A coordinator records a consultation."""

    question = FreeText(label=capfirst(Consultation._meta.get_field("question").verbose_name), required=False, rows=4)
    response = FreeText(label=capfirst(Consultation._meta.get_field("response").verbose_name), required=False, rows=4)

    class Meta:
        model = Consultation
        fields = [
            "centre", "opened_at", "channel", "visitor_kind", "organisation", "group_name", "person_name",
            "person_contact", "ward", "summary", "topics", "fields", "question", "response", "next_follow_up",
        ]
        widgets = {
            "opened_at": DATETIME,
            "next_follow_up": DATE,
            "topics": forms.CheckboxSelectMultiple,
            "fields": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "organisation": _("If the group is registered in the portal."),
            "group_name": _("If the group is not registered."),
            "person_name": _("Only the centre's coordinators and the departments the case is referred to see this."),
        }

    def __init__(self, *args, centres, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["centre"].empty_label = None
        self.fields["channel"].choices = IN_PERSON_CHANNELS
        self.fields["organisation"].queryset = Organisation.objects.verified()
        self.fields["opened_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opened_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean(self) -> dict:
        data = super().clean()
        for name in ("group_name", "person_name", "person_contact", "summary"):
            if name in data:
                data[name] = normalize(data[name])
        if not (data.get("organisation") or data.get("group_name") or data.get("person_name")):
            raise forms.ValidationError(_("Say who came: an organisation, a group name or a person's name."))
        return data


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=IN_PERSON_CHANNELS)
    note = FreeText(label=_("What happened"), rows=3)
    next_follow_up = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()


class ReferralForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.select_related("parent"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.verified(), required=False
    )
    centre = forms.ModelChoiceField(label=_("Another support centre"), queryset=SupportCentre.objects.all(), required=False)
    note = FreeText(label=_("Note"), required=False, rows=2)

    def clean(self) -> dict:
        data = super().clean()
        chosen = [name for name in ("department", "organisation", "centre") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one: a department, an organisation or a centre."))
        return data


class FollowUpForm(forms.Form):
    next_follow_up = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)


class HandOverForm(forms.Form):
    to_centre = forms.ModelChoiceField(label=_("To centre"), queryset=SupportCentre.objects.all(), required=False)
    to_coordinator = forms.ModelChoiceField(label=_("To coordinator"), queryset=None, required=False)
    note = FreeText(label=_("Note"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["to_coordinator"].queryset = User.objects.filter(coordinator_postings__isnull=False).distinct()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("to_centre") and not data.get("to_coordinator"):
            raise forms.ValidationError(_("Choose a coordinator or a centre."))
        return data


class CloseForm(forms.Form):
    reason = FreeText(
        label=_("Why did it not lead to a collaboration?"), rows=3,
        help_text=_("Kept for the analysis of consultations that did not become collaborations."),
    )

    def clean_reason(self) -> str:
        reason = normalize(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Give the reason."))
        return reason


class IntroductionForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False, widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.verified(), required=False, widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), max_length=SHORT_TEXT, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("department")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choose exactly one department or organisation."))
        return data


class StartProposalForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Call for proposals"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title of the proposal"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        from projects.models import Call

        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["call"].queryset = Call.objects.filter(is_published=True, opens_at__lte=now, deadline__gt=now)


class RequestForm(SubmissionKeyMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Your organisation"), queryset=None, empty_label=None)
    centre = forms.ModelChoiceField(label=_("Support centre"), queryset=SupportCentre.objects.all())
    summary = forms.CharField(label=_("In one line, what is it about?"), max_length=200)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=ConsultationTopic.objects.all(), widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    question = FreeText(label=_("What would you like to talk about?"), rows=5)

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


