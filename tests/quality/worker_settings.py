"""Settings for the Celery worker subprocess of `test_faults.py` only: the project's settings
with a short Redis visibility timeout, so a task whose worker was killed is redelivered within
seconds rather than an hour (settings read no environment variable for it)."""

from kyodo.settings import *  # noqa: F403

# kombu sweeps unacknowledged messages every interval × throttle seconds (100 s by default).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
