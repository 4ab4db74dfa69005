"""Fill Agreement.published_reviews / last_review_published_at from the reviews already published."""

from django.db import migrations
from django.db.models import Count, Max, OuterRef, Subquery


def backfill(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")  # noqa: N806
    Review = apps.get_model("reviews", "Review")  # noqa: N806
    published = Review.objects.filter(status="published", agreement_id=OuterRef("pk")).order_by()
    # One UPDATE for the whole table (30,000 agreements in the benchmark's city).
    Agreement.objects.filter(pk__in=Review.objects.filter(status="published").values("agreement_id")).update(
        published_reviews=Subquery(published.values("agreement_id").annotate(n=Count("pk")).values("n")),
        last_review_published_at=Subquery(
            published.values("agreement_id").annotate(last=Max("published_at")).values("last")
        ),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0002_alter_review_decision"),
        ("agreements", "0005_review_publication_summary"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
