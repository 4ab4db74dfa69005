"""The list pages' indexes lead with the city: every query reads one city's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0010_city_default'),
        ('kyodo', '0007_row_level_security'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='proposal',
            name='proposal_status_decided_idx',
        ),
        migrations.RemoveIndex(
            model_name='proposal',
            name='proposal_submitted_idx',
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['city', 'status', '-decided_at'], name='proposal_status_decided_idx'),
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(condition=models.Q(('status', 'draft'), _negated=True), fields=['city', '-submitted_at', '-id'], name='proposal_submitted_idx'),
        ),
    ]
