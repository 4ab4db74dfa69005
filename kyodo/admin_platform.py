"""The platform's admin, on the base domain: its administrators (superusers) create a city from
a preset and deactivate or reactivate one. A city's records are administered on the city's own
host, never here."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .cities import city_create, city_set_active
from .models import City
from .workflow import NotAllowed


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Kyodo platform administration")
    site_title = _("Kyodo platform administration")
    index_title = _("Cities on the platform")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


platform_site = PlatformAdminSite(name="platform")
# As on a city's admin (accounts/admin.py): the admin's own login form would skip allauth's second
# factor and login throttling, for the platform's most powerful accounts.
platform_site.login = secure_admin_login(platform_site.login)


class CityCreationForm(forms.ModelForm):
    city_name = forms.CharField(
        label=_("city name"), required=False, max_length=50, help_text=_("Empty: the preset's city name."),
    )
    custom_domains = forms.CharField(
        label=_("custom domains"), required=False, max_length=500,
        help_text=_("Further host names, separated by spaces."),
    )

    class Meta:
        model = City
        fields = ["slug", "city_name", "preset", "custom_domains"]

    def clean_custom_domains(self) -> list[str]:
        return [d.strip().lower() for d in self.cleaned_data["custom_domains"].split() if d.strip()]


@admin.register(City, site=platform_site)
class PlatformCityAdmin(admin.ModelAdmin):
    list_display = ["city_name", "slug", "preset", "is_active", "created_at"]
    list_filter = ["is_active", "preset"]
    search_fields = ["city_name", "slug"]
    readonly_fields = ["is_active", "created_at"]
    actions = ["deactivate", "reactivate"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CityCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["slug", "city_name", "preset", "custom_domains"]
        return ["city_name", "slug", "custom_domains", "preset", "mail_from", "mail_signature", "is_active",
                "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = city_create(slug=data["slug"], preset=data["preset"], city_name=data["city_name"],
                              custom_domains=data["custom_domains"], by=request.user)
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a city's records are kept: it is deactivated instead

    @admin.action(description=_("Deactivate the selected cities (their addresses answer 404)"))
    def deactivate(self, request, queryset) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description=_("Serve the selected cities again"))
    def reactivate(self, request, queryset) -> None:
        self._set_active(request, queryset, True)

    def _set_active(self, request, queryset, active: bool) -> None:
        done = 0
        for city in queryset:
            try:
                city_set_active(city=city, active=active, by=request.user)
                done += 1
            except NotAllowed as exc:
                self.message_user(request, f"{city}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, ngettext("%d city updated.", "%d cities updated.", done) % done,
                              messages.SUCCESS)
