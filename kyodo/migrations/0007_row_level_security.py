"""Row-level security on every city-owned table (PostgreSQL; `kyodo.rls`)."""

from django.db import migrations

from kyodo.rls import apply_policies


class Migration(migrations.Migration):

    dependencies = [
        ("kyodo", "0006_city_default"),
        ("accounts", "0004_city_default"),
        ("partners", "0007_city_default"),
        ("projects", "0010_city_default"),
        ("agreements", "0010_sqlite_triggers_again"),
        ("reviews", "0006_city_default"),
        ("cases", "0008_city_default"),
    ]

    operations = [migrations.RunPython(apply_policies, migrations.RunPython.noop)]
