"""The city becomes a tenant: the one-row city profile becomes the first `City`.

An existing single-city database keeps its profile as city 1 (its slug from its preset), and a
database that holds a city's records but never saved a profile gets city 1 too, so the next
migrations can give every existing row to it. A new, empty database gets no city: cities are
created from a preset (`manage.py create_city`, the platform's admin, or the demo)."""

import django.utils.timezone
from django.db import migrations, models

# Tables whose rows mean "this database already serves a city".
DATA_TABLES = ["kyodo_principle", "partners_organisation", "partners_ward", "projects_call", "cases_consultation"]


def first_city(apps, schema_editor):
    City = apps.get_model("kyodo", "City")
    existing = City.objects.filter(pk=1).first()
    if existing is not None:
        existing.slug = existing.preset if existing.preset != "custom" else "city"
        existing.save(update_fields=["slug"])
        return
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    City.objects.create(pk=1, slug="yokohama", city_name="横浜市", preset="yokohama")
                    return


class Migration(migrations.Migration):

    dependencies = [
        ("kyodo", "0003_sentnotification"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="cityprofile", name="city_profile_singleton"),
        migrations.RenameModel(old_name="CityProfile", new_name="City"),
        migrations.AlterModelOptions(
            name="city",
            options={"ordering": ["slug"], "verbose_name": "city", "verbose_name_plural": "cities"},
        ),
        migrations.AddField(
            model_name="city", name="slug",
            field=models.SlugField(
                max_length=40, null=True, db_index=False, verbose_name="host name label",
                help_text="The city is served at <label>.<the platform's domain>, e.g. yokohama.",
            ),
        ),
        migrations.AddField(
            model_name="city", name="custom_domains",
            field=models.JSONField(
                blank=True, default=list, verbose_name="custom domains",
                help_text="Further host names the city is served at, e.g. kyodo.city.example.lg.jp.",
            ),
        ),
        migrations.AddField(
            model_name="city", name="mail_from",
            field=models.EmailField(blank=True, max_length=254, verbose_name="mail sender",
                                    help_text="Empty: the platform's sender."),
        ),
        migrations.AddField(
            model_name="city", name="mail_signature",
            field=models.TextField(blank=True, verbose_name="mail signature"),
        ),
        migrations.AddField(
            model_name="city", name="is_active", field=models.BooleanField(default=True, verbose_name="active"),
        ),
        migrations.AddField(
            model_name="city", name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created at"),
        ),
        migrations.RunPython(first_city, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="city", name="slug",
            field=models.SlugField(
                max_length=40, unique=True, verbose_name="host name label",
                help_text="The city is served at <label>.<the platform's domain>, e.g. yokohama.",
            ),
        ),
    ]
