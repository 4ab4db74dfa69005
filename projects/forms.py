from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import committee_members
from kyodo.forms import LONG_TEXT, SECTION_TEXT, FreeText
from kyodo.idempotency import SubmissionKeyMixin
from kyodo.text import normalize
from partners.models import Department, FieldOfActivity, Organisation, Ward

from .choices import collaboration_form_choices, start_type_choices
from .models import Call, Proposal, RoleParty


def _text(label, required: bool = False, rows: int = 6, help_text: str = "") -> forms.CharField:
    """A section of the proposal."""
    return FreeText(label=label, required=required, max_length=SECTION_TEXT, rows=rows, help_text=help_text)


class YenField(forms.IntegerField):
    """Integer yen; accepts full-width digits, thousands separators and a trailing 円."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**12)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize(value).replace(",", "").replace("円", "").replace("¥", "").strip()
        return super().to_python(value)


class ProposalStartForm(SubmissionKeyMixin, forms.Form):
    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none())
    organisation = forms.ModelChoiceField(label=_("Proposing organisation"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title of the project"), max_length=200)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.roles import roles_of

        self.fields["call"].queryset = Call.objects.open().select_related("department")
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=roles_of(user).organisation_ids)

    def clean_title(self) -> str:
        return normalize(self.cleaned_data["title"])


# --- Wizard steps -------------------------------------------------------------------------------
class OrganisationStep(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=200)
    co_proposers = forms.ModelMultipleChoiceField(
        label=_("Co-proposers (other organisations proposing with you)"), required=False,
        queryset=Organisation.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_proposers"].queryset = Organisation.objects.verified().exclude(pk=proposal.organisation_id)

    def clean_title(self) -> str:
        title = normalize(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Enter a title."))
        return title


class ProblemStep(forms.Form):
    local_problem = _text(_("The local problem"), help_text=_("What problem in the area do you want to solve?"))
    purpose = _text(_("Purpose"), help_text=_("What should be different when the project succeeds?"))

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)


class ActivitiesStep(forms.Form):
    activities = _text(_("Activities"), rows=8, help_text=_("What will be done, where and how often."))
    beneficiaries = _text(_("Beneficiaries"), rows=4, help_text=_("Who benefits, and about how many people."))

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)


class CollaborationStep(forms.Form):
    why_collaboration = _text(
        _("Why collaboration, and the synergy expected"),
        help_text=_("What can be achieved together that neither side could achieve alone?"),
    )
    collaboration_form = forms.ChoiceField(label=_("Proposed form of collaboration"), required=False)
    start_type = forms.ChoiceField(label=_("Start type"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collaboration_form"].choices = [("", "---------"), *collaboration_form_choices()]
        self.fields["start_type"].choices = start_type_choices()


class ScheduleStep(forms.Form):
    schedule = _text(_("Schedule"), rows=6, help_text=_("Month by month, from preparation to the review."))
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments you hope to work with"), required=False, queryset=Department.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Fields of activity"), required=False, queryset=FieldOfActivity.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    ward = forms.ModelChoiceField(
        label=_("Ward where the project takes place"), required=False, queryset=Ward.objects.all(),
        empty_label=_("City-wide"),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.select_related("parent")


class RoleForm(forms.Form):
    task = forms.CharField(label=_("Task"), max_length=300)
    party = forms.ChoiceField(label=_("Who"), choices=RoleParty.choices)
    partner_name = forms.CharField(label=_("Partner's name (if another partner)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("party") == RoleParty.PARTNER and not normalize(data.get("partner_name")):
            self.add_error("partner_name", _("Name the partner who does this task."))
        return data


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200)
    amount = YenField(label=_("Amount (yen)"))
    city_share = YenField(label=_("Asked of the city (yen)"), required=False)
    note = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        amount, share = data.get("amount"), data.get("city_share") or 0
        if amount is not None and share > amount:
            self.add_error("city_share", _("The part asked of the city cannot exceed the amount."))
        return data


RoleFormSet = forms.formset_factory(RoleForm, extra=2, can_delete=True, max_num=50, absolute_max=60)
BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=2, can_delete=True, max_num=100, absolute_max=120)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image, Word or Excel)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


# --- Workflow forms -----------------------------------------------------------------------------
class NoteForm(forms.Form):
    note = FreeText(label=_("Message to the proposer"), required=False, rows=4)


class DecisionForm(forms.Form):
    DECISIONS = [("adopt", _("Adopt")), ("reject", _("Do not adopt"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = FreeText(
        label=_("Reasons (told to the proposer)"), rows=5,
        help_text=_("条例第10条: the decision is given with its reasons."),
    )

    def clean_reason(self) -> str:
        reason = normalize(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Give the reasons for the decision."))
        return reason


class MessageForm(forms.Form):
    body = FreeText(label=_("Message"), max_length=LONG_TEXT, rows=4)
    is_internal = forms.BooleanField(label=_("Internal note (only city staff see it)"), required=False)

    def __init__(self, *args, allow_internal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_internal:
            del self.fields["is_internal"]


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the conflict of interest"), max_length=300, required=False)


class ScoreForm(forms.Form):
    """One score and comment per criterion of the round."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)") % {"name": c.name, "weight": c.weight},
                choices=[(i, str(i)) for i in range(1, c.max_score + 1)], coerce=int, widget=forms.RadioSelect,
            )
            self.fields[f"comment_{c.pk}"] = FreeText(
                label=_("Comment on %(name)s") % {"name": c.name}, required=False, rows=2,
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"]) for c in self.criteria}


class AssignScreenersForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals"), queryset=Proposal.objects.not_draft(), widget=forms.MultipleHiddenInput
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Committee members"), queryset=committee_members(),
        widget=forms.CheckboxSelectMultiple,
    )
