"""What a new city starts with in this app: the standard consultation topics (seed practice:
相談記録の分類), which its administrators then adapt."""

from __future__ import annotations

from .models import ConsultationTopic

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


def set_up(preset: str) -> None:
    for order, (slug, name) in enumerate(TOPICS, start=1):
        ConsultationTopic.objects.update_or_create(slug=slug, defaults={"name": name, "order": order * 10})
