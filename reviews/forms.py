from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementMilestone
from kyodo.forms import FreeText
from kyodo.text import normalize

from .models import CheckAnswer, ProjectTarget, Review, ReviewDecision, Section

SCORE_CHOICES = [
    (5, _("5 — far above plan")),
    (4, _("4 — above plan")),
    (3, _("3 — as planned")),
    (2, _("2 — below plan")),
    (1, _("1 — far below plan")),
]


class TargetForm(forms.ModelForm):
    class Meta:
        model = ProjectTarget
        fields = ["kind", "description", "target_value", "unit"]

    def clean_description(self) -> str:
        return normalize(self.cleaned_data["description"])


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementMilestone.Kind.choices)


class RescheduleForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))


class ResponseForm(forms.Form):
    """A party's own review: every check-sheet point and every (section, item) rating."""

    def __init__(self, *args, review: Review, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        sections = dict(Section.choices)
        for point in review.points:
            self.fields[f"point_{point['id']}"] = forms.ChoiceField(
                label=f"{sections.get(point['section'], '')}: {point['text']}",
                choices=CheckAnswer.choices, widget=forms.RadioSelect,
            )
        for section in review.sections:
            for item in review.items:
                key = f"{section}_{item['id']}"
                self.fields[f"score_{key}"] = forms.TypedChoiceField(
                    label=f"{sections.get(section, '')}: {item['name']}", choices=SCORE_CHOICES, coerce=int,
                    widget=forms.RadioSelect,
                )
                self.fields[f"comment_{key}"] = FreeText(
                    label=_("Comment on “%(item)s” (%(section)s)") % {"item": item["name"],
                                                                     "section": sections.get(section, "")},
                    required=False, rows=2,
                )
        self.fields["overall_comment"] = FreeText(label=_("Overall comment"), required=False, rows=3)

    def answers(self) -> dict[int, str]:
        return {p["id"]: self.cleaned_data[f"point_{p['id']}"] for p in self.review.points}

    def ratings(self) -> list[tuple[str, int, int, str]]:
        out = []
        for section in self.review.sections:
            for item in self.review.items:
                key = f"{section}_{item['id']}"
                out.append((section, item["id"], self.cleaned_data[f"score_{key}"],
                            self.cleaned_data.get(f"comment_{key}", "")))
        return out


class DecisionForm(forms.Form):
    effect_vs_alone = FreeText(label=_("Effect compared with acting alone"), rows=3)
    beneficiary_satisfaction = FreeText(label=_("Beneficiary satisfaction"), rows=3)
    problems = FreeText(label=_("Problems"), required=False, rows=3)
    course_corrections = FreeText(label=_("Course corrections (軌道修正)"), required=False, rows=3)
    decision = forms.ChoiceField(
        label=_("Decision on continuing"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, targets=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"actual_{target.pk}"] = forms.DecimalField(
                label=_("Actual value: %(target)s (target %(value)s %(unit)s)")
                % {"target": target.description, "value": f"{target.target_value:g}", "unit": target.unit},
                min_value=0, max_digits=12, decimal_places=2, required=False,
            )

    def actual_values(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"actual_{t.pk}") for t in self.targets}


class SummaryForm(forms.Form):
    public_summary = FreeText(
        label=_("Public summary"), rows=5,
        help_text=_("Shown on the public register once every party has approved this exact text. "
                    "Changing it withdraws the approvals given so far."),
    )
