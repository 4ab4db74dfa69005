"""The standard consultation topics (seed practice: 相談記録の分類)."""

from django.db import migrations

TOPICS = [
    ("management", "団体運営"),
    ("incorporation", "法人設立"),
    ("funding", "資金・助成"),
    ("volunteers", "人材・ボランティア"),
    ("publicity", "広報"),
    ("venue", "活動場所"),
    ("networking", "他団体との連携"),
    ("proposal", "協働提案"),
    ("other", "その他"),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("cases", "ConsultationTopic")
    for order, (slug, name) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
