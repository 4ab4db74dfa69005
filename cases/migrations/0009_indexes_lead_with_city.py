"""The consultations' date index leads with the city: every query reads one city's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_city_default'),
        ('kyodo', '0007_row_level_security'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='consultation',
            name='cases_consu_opened__23c1d1_idx',
        ),
        migrations.AddIndex(
            model_name='consultation',
            index=models.Index(fields=['city', 'opened_at'], name='consultation_opened_idx'),
        ),
    ]
