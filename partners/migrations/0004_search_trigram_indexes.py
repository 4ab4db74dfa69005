"""Trigram indexes for searches by organisation name (directory, staff lists) on PostgreSQL."""

from django.db import migrations

from kyodo.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_organisation_kana_index")]

    operations = [trigram_index("partners_organisation", "name", "organisation_name_trgm")]
