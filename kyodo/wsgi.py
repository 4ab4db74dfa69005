import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings")
application = get_wsgi_application()

from kyodo.runtime import settle_gc  # noqa: E402  (needs the settings loaded above)

settle_gc()
