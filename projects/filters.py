from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.forms import SHORT_TEXT
from kyodo.widgets import ListSelect
from partners.models import Department, FieldOfActivity, Ward

from .models import Call, Origin, Proposal, ProposalStatus


def recent_calls():
    """Calls of this and the two previous fiscal years: what staff filter by (older ones are
    reached through the call's own page); keeps the menu short at a city's scale."""
    from kyodo.fiscal import current_fiscal_year

    return (
        Call.objects.filter(fiscal_year__gte=current_fiscal_year() - 2).order_by("-fiscal_year", "title")
        .only("id", "title", "fiscal_year")  # a menu: not each call's texts
    )


ORG_IDS = 500  # past this many matching organisations, the search joins them instead


class ProposalFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=lambda request: recent_calls(), widget=ListSelect)
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=Origin.choices, widget=ListSelect)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in ProposalStatus.choices if c[0] != ProposalStatus.DRAFT],
        widget=ListSelect,
    )
    # Many-to-many filters test membership with a subquery rather than a join, so the list
    # needs no DISTINCT (which made PostgreSQL sort the whole table at a city's scale).
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.select_related("parent"), method="in_department",
        widget=ListSelect,
    )
    ward = django_filters.ModelChoiceFilter(label=_("Ward"), queryset=Ward.objects.all(), widget=ListSelect)
    field = django_filters.ModelChoiceFilter(
        label=_("Field"), queryset=FieldOfActivity.objects.all(), method="in_field", widget=ListSelect
    )
    q = django_filters.CharFilter(
        label=_("Title or organisation contains"), method="search", max_length=SHORT_TEXT,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )

    class Meta:
        model = Proposal
        fields: list[str] = []

    def search(self, queryset, name, value):
        """Title or organisation name contains `value`. The matching organisations are looked up
        first, so that the condition on proposals is `title … OR organisation_id IN (ids)`, which
        PostgreSQL answers from two indexes; an OR across a join made it scan every proposal."""
        from django.db.models import Q

        from partners.models import Organisation

        orgs = list(
            Organisation.objects.filter(name__icontains=value).order_by().values_list("pk", flat=True)[: ORG_IDS + 1]
        )
        by_org = Q(organisation_id__in=orgs) if len(orgs) <= ORG_IDS else Q(organisation__name__icontains=value)
        return queryset.filter(Q(title__icontains=value) | by_org)

    def in_department(self, queryset, name, value):
        through = Proposal.departments.through.objects.filter(department=value).values("proposal_id")
        return queryset.filter(pk__in=through)

    def in_field(self, queryset, name, value):
        through = Proposal.fields.through.objects.filter(fieldofactivity=value).values("proposal_id")
        return queryset.filter(pk__in=through)
