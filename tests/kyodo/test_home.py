import pytest


@pytest.mark.django_db
def test_public_home_is_japanese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="ja"' in response.content.decode()


@pytest.mark.django_db
def test_logged_in_home_lists_roles(client, citizen):
    client.force_login(citizen)
    response = client.get("/")
    assert response.status_code == 200
