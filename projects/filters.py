from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from partners.models import Department, FieldOfActivity, Ward

from .models import Call, Origin, Proposal, ProposalStatus


def recent_calls():
    """Calls of this and the two previous fiscal years: what staff filter by (older ones are
    reached through the call's own page); keeps the menu short at a city's scale."""
    from kyodo.fiscal import current_fiscal_year

    return Call.objects.filter(fiscal_year__gte=current_fiscal_year() - 2).order_by("-fiscal_year", "title")


class ProposalFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=lambda request: recent_calls())
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=Origin.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in ProposalStatus.choices if c[0] != ProposalStatus.DRAFT]
    )
    # Many-to-many filters test membership with a subquery rather than a join, so the list
    # needs no DISTINCT (which made PostgreSQL sort the whole table at a city's scale).
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.select_related("parent"), method="in_department"
    )
    ward = django_filters.ModelChoiceFilter(label=_("Ward"), queryset=Ward.objects.all())
    field = django_filters.ModelChoiceFilter(label=_("Field"), queryset=FieldOfActivity.objects.all(), method="in_field")
    q = django_filters.CharFilter(label=_("Title or organisation contains"), method="search")

    class Meta:
        model = Proposal
        fields: list[str] = []

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(organisation__name__icontains=value))

    def in_department(self, queryset, name, value):
        through = Proposal.departments.through.objects.filter(department=value).values("proposal_id")
        return queryset.filter(pk__in=through)

    def in_field(self, queryset, name, value):
        through = Proposal.fields.through.objects.filter(fieldofactivity=value).values("proposal_id")
        return queryset.filter(pk__in=through)
