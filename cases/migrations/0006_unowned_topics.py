"""Before the topics get a city (0007): in its own transaction, as PostgreSQL will not alter a
table with pending foreign-key checks of rows deleted in the same transaction."""

from django.db import migrations


def drop_unowned_topics(apps, schema_editor):
    """Topics are each city's list now, set up with the city (`cases.setup`). The ones 0002
    seeded into a database that serves no city yet (a new one) belong to no city: drop them."""
    if not apps.get_model("kyodo", "City").objects.filter(pk=1).exists():
        apps.get_model("cases", "ConsultationTopic").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_protect_people_submission_key"), ("kyodo", "0004_city")]

    operations = [migrations.RunPython(drop_unowned_topics, migrations.RunPython.noop)]
