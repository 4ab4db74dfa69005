"""Re-render agreement PDFs after a font or template change, and report counts."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from agreements import services
from agreements.models import AgreementRender


class Command(BaseCommand):
    help = "Re-render the PDFs of agreement versions (all, or only failed ones) and report counts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--failed-only", action="store_true", help="Only renders that failed.")
        parser.add_argument("--sync", action="store_true", help="Render here instead of queueing Celery tasks.")
        parser.add_argument("--agreement", help="Only this agreement number.")

    def handle(self, *args, **options) -> None:
        renders = AgreementRender.objects.select_related("version__agreement").order_by("pk")
        if options["failed_only"]:
            renders = renders.filter(status=AgreementRender.Status.FAILED)
        if options["agreement"]:
            renders = renders.filter(version__agreement__number=options["agreement"])
        done = failed = queued = 0
        for render in renders:
            if options["sync"]:
                try:
                    services.render_run(version_id=render.version_id, force=True)
                    done += 1
                except Exception as exc:  # report and go on with the others
                    services.render_mark_failed(version_id=render.version_id, error=f"{type(exc).__name__}: {exc}")
                    failed += 1
                    self.stderr.write(f"{render.version}: {exc}")
            else:
                AgreementRender.objects.filter(pk=render.pk).update(status=AgreementRender.Status.FAILED)
                services.render_request(version=render.version)
                queued += 1
        self.stdout.write(f"rendered: {done}, failed: {failed}, queued: {queued}, total: {done + failed + queued}")
