"""The list pages' indexes lead with the city: every query reads one city's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0010_sqlite_triggers_again'),
        ('kyodo', '0007_row_level_security'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='agreement',
            name='agreement_in_force_idx',
        ),
        migrations.RemoveIndex(
            model_name='agreement',
            name='agreement_created_idx',
        ),
        migrations.RemoveIndex(
            model_name='agreement',
            name='agreement_reviewed_idx',
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(fields=['city', '-in_force_at', '-id'], name='agreement_in_force_idx'),
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(fields=['city', '-created_at', '-id'], name='agreement_created_idx'),
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(condition=models.Q(('last_review_published_at__isnull', False)), fields=['city', '-last_review_published_at', '-id'], name='agreement_reviewed_idx'),
        ),
    ]
