from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KyodoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kyodo"
    verbose_name = _("City rules")

    def ready(self) -> None:
        from .adminlists import tune

        tune()


class KyodoAdminConfig(admin_apps.AdminConfig):
    """The admin, on a site whose pages read rows through the visibility rules."""

    default = False  # kyodo's own app is KyodoConfig; this one is named in INSTALLED_APPS

    default_site = "kyodo.adminsite.KyodoAdminSite"
