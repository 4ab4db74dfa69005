import agreements.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """Where the files' names come from (`upload_to`) is Python's business, not the database's:
    the state only. (An AlterField would make SQLite rebuild the signatures' table, which the
    versions' no-update trigger names.)"""

    dependencies = [
        ('agreements', '0011_indexes_lead_with_city'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='agreementrender',
                name='file',
                field=models.FileField(blank=True, max_length=255, upload_to='', verbose_name='PDF'),
            ),
            migrations.AlterField(
                model_name='signature',
                name='scan',
                field=models.FileField(
                    blank=True, max_length=255, upload_to=agreements.models.scan_path,
                    verbose_name='scan of the sealed copy',
                ),
            ),
        ]),
    ]
