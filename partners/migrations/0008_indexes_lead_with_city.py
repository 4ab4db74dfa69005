"""The list pages' indexes lead with the city: every query reads one city's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0007_city_default'),
        ('kyodo', '0007_row_level_security'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='organisation',
            name='partners_or_status_3f6a9b_idx',
        ),
        migrations.RemoveIndex(
            model_name='organisation',
            name='organisation_kana_idx',
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(fields=['city', 'status', 'name_kana'], name='organisation_status_kana_idx'),
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(fields=['city', 'name_kana', 'id'], name='organisation_kana_idx'),
        ),
    ]
