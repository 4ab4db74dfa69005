"""Trigram indexes for the staff list's search (title contains …) on PostgreSQL."""

from django.db import migrations

from kyodo.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_list_indexes")]

    operations = [trigram_index("projects_proposal", "title", "proposal_title_trgm")]
