"""The Django admin covers every model of the portal, with search and (where there is
something to filter by) filters."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin

APPS = ["kyodo", "accounts", "partners", "projects", "agreements", "reviews", "cases"]
# Plain lookup lists (a name and an order): nothing to filter by.
NO_FILTER_NEEDED = {"partners.Ward", "partners.FieldOfActivity"}


def _inline_models() -> set:
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def _models():
    return [m for app in APPS for m in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_with_search_and_filters(model):
    if model not in admin.site._registry:
        assert model in _inline_models(), f"{model._meta.label} is neither registered nor an inline"
        return
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, f"{model._meta.label} has no search"
    if model._meta.label not in NO_FILTER_NEEDED:
        assert model_admin.list_filter, f"{model._meta.label} has no filters"


@pytest.mark.django_db
def test_admin_is_in_japanese(admin_user, client):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="ja"' in body
    assert "管理サイト" in body
