from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KyodoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kyodo"
    verbose_name = _("City rules")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_save

        from . import logs, metrics
        from .adminlists import tune
        from .publiccache import admin_changed
        from .tenancy import install_database_city

        tune()
        # Each PostgreSQL connection passes the current city on (row-level security, kyodo.rls).
        connection_created.connect(install_database_city, dispatch_uid="kyodo.tenancy.install_database_city")
        logs.connect_celery()
        metrics.connect_celery()
        post_save.connect(admin_changed, sender=LogEntry, dispatch_uid="kyodo.publiccache.admin_changed")


class KyodoAdminConfig(admin_apps.AdminConfig):
    """The admin, on a site whose pages read rows through the visibility rules."""

    default = False  # kyodo's own app is KyodoConfig; this one is named in INSTALLED_APPS

    default_site = "kyodo.adminsite.KyodoAdminSite"
