"""The Celery app. Broker: Redis when REDIS_URL is set, otherwise an embedded file-system broker
under `var/broker/` (a real worker process, not eager mode) so a newcomer needs no Redis. Both
carry remote control (the file-system transport through its fanout tables in
`var/broker/control/`), which `/health/` uses to ping the workers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings")

app = Celery("kyodo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
