from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KyodoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kyodo"
    verbose_name = _("City rules")

    def ready(self) -> None:
        from .adminlists import tune

        tune()
