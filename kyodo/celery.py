"""The Celery app. Broker: Redis when REDIS_URL is set, otherwise an embedded file-system broker
under `var/broker/` (a real worker process, not eager mode) so a newcomer needs no Redis. Both
carry remote control (the file-system transport through its fanout tables in
`var/broker/control/`), which `/health/` uses to ping the workers."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings")

app = Celery("kyodo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# --- The city travels with each task (kyodo.tenancy) ----------------------------------------------
# The publishing side (a request, or a task working for a city) writes the city into the
# message's headers; the worker activates it for the task's run. A periodic task from beat has
# no city and works for each city in turn (`kyodo.tenancy.each_city`).
CITY_HEADER = "kyodo_city"
_activations: dict[str, object] = {}


@before_task_publish.connect
def _carry_the_city(headers=None, **kwargs) -> None:
    from kyodo.tenancy import current_city_or_none

    city = current_city_or_none()
    if city is not None and headers is not None:
        headers.setdefault(CITY_HEADER, city.pk)


@task_prerun.connect
def _enter_the_city(task_id=None, task=None, **kwargs) -> None:
    from kyodo.models import City
    from kyodo.tenancy import activate

    city_id = getattr(task.request, CITY_HEADER, None)
    if city_id is None:
        return  # from beat (no city), or run in the caller's thread with the caller's city
    context = activate(City.objects.get(pk=city_id))
    context.__enter__()
    _activations[task_id] = context


@task_postrun.connect
def _leave_the_city(task_id=None, **kwargs) -> None:
    context = _activations.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
