from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from partners.models import Department, FieldOfActivity, Ward

from .models import Call, Origin, Proposal, ProposalStatus


class ProposalFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Call"), queryset=Call.objects.all())
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=Origin.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in ProposalStatus.choices if c[0] != ProposalStatus.DRAFT]
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), field_name="departments", queryset=Department.objects.select_related("parent")
    )
    ward = django_filters.ModelChoiceFilter(label=_("Ward"), queryset=Ward.objects.all())
    field = django_filters.ModelChoiceFilter(label=_("Field"), field_name="fields", queryset=FieldOfActivity.objects.all())
    q = django_filters.CharFilter(label=_("Title or organisation contains"), method="search")

    class Meta:
        model = Proposal
        fields: list[str] = []

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(organisation__name__icontains=value))
