from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kyodo.forms import SHORT_TEXT

from .models import FieldOfActivity, Organisation, Ward


class OrganisationFilter(django_filters.FilterSet):
    """Filters of the public directory."""

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name", max_length=SHORT_TEXT)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds"))
    ward = django_filters.ModelChoiceFilter(label=_("Ward"), queryset=Ward.objects.all(), empty_label=_("All wards"))
    field = django_filters.ModelChoiceFilter(
        label=_("Field of activity"), field_name="fields", queryset=FieldOfActivity.objects.all(),
        empty_label=_("All fields"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "ward", "field"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from kyodo.text import normalize

        value = normalize(value)
        return queryset.filter(Q(name__icontains=value) | Q(name_kana__icontains=value)) if value else queryset
