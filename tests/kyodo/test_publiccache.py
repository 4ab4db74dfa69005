"""Public pages from the shared cache: served to visitors without touching the database, never
shared with or taken from a signed-in user, refreshed at once by each publishing event."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services as agreement_services
from kyodo import publiccache
from partners import services as partner_services
from partners.models import Organisation
from projects import services as project_services
from projects.models import Call
from reviews import services as review_services
from tests import factories as f
from tests.agreements import factories as af
from tests.projects.factories import CallFactory, ProposalFactory
from tests.reviews import factories as rf

REGISTER = reverse("projects:register_list")


def visit(client: Client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), response.status_code
    return response


@pytest.fixture
def visitor() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="ja")


def page_queries(queries: CaptureQueriesContext) -> list[str]:
    """The queries a request made besides finding its city by host name (kyodo.cities)."""
    return [q["sql"] for q in queries.captured_queries if '"kyodo_city"' not in q["sql"]]


def test_second_visit_is_served_without_the_database(db, visitor):
    first = visit(visitor, REGISTER)
    assert first["Cache-Control"] == "private, no-cache"
    with CaptureQueriesContext(connection) as queries:
        second = visit(Client(HTTP_ACCEPT_LANGUAGE="ja"), REGISTER)
    assert page_queries(queries) == []
    assert second.content.replace(b"\n", b"")[:200] == first.content.replace(b"\n", b"")[:200]
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"


def test_conditional_request_gets_304(db, visitor):
    first = visit(visitor, REGISTER)
    assert first.has_header("Last-Modified")
    again = visitor.get(REGISTER, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    # Another visitor (another CSRF secret, so another token in the body) does not match it.
    assert Client().get(REGISTER, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_each_visitor_gets_a_working_csrf_token_of_their_own(db):
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        body = visit(client, REGISTER).content.decode()
        assert publiccache.CSRF_PLACEHOLDER.decode() not in body
        token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', body).group(1)
        tokens.append(token)
        switched = client.post(reverse("set_language"), {"language": "en", "next": REGISTER,
                                                          "csrfmiddlewaretoken": token})
        assert switched.status_code == 302  # not 403: the cached page's token is the visitor's
    assert tokens[0] != tokens[1]


def test_a_signed_in_page_is_never_served_to_anyone_else(db, citizen, staff, visitor):
    signed_in = Client()
    signed_in.force_login(citizen)
    personal = visit(signed_in, REGISTER).content.decode()
    assert str(citizen) in personal
    assert "private" in signed_in.get(REGISTER)["Cache-Control"]
    for _ in range(2):  # rendered, then from the cache
        assert str(citizen) not in visit(visitor, REGISTER).content.decode()
    other = Client()
    other.force_login(staff)
    page = visit(other, REGISTER).content.decode()
    assert str(staff) in page and str(citizen) not in page
    # A visitor's cached page is not served to a signed-in user either.
    assert str(citizen) in visit(signed_in, REGISTER).content.decode()


def test_a_page_showing_a_message_is_not_stored(db, visitor):
    bad_page = REGISTER + "?page=abc"  # corrected to the first page, with a message
    response = visit(visitor, bad_page)
    assert list(response.context["messages"])
    assert cache.get(publiccache.page_key(response.wsgi_request)) is None


def test_adoption_shows_on_the_register_at_once(db, visitor, department, organisation, staff,
                                               django_capture_on_commit_callbacks):
    call = CallFactory(department=department)
    proposal = ProposalFactory(call=call, organisation=organisation, screening=True, title="公園で遊ぼう事業")
    project_services.screening_round_for_call(call=call, by=staff)
    assert "公園で遊ぼう事業" not in visit(visitor, REGISTER).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.proposal_adopt(proposal=proposal, reason="公益性が高い。", by=staff)
    assert "公園で遊ぼう事業" in visit(visitor, REGISTER).content.decode()


def test_signature_shows_on_the_agreement_register_at_once(db, visitor, department, organisation, staff, citizen,
                                                          django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    af.agree_all(agreement, staff, citizen)
    url = reverse("agreements:register")
    assert agreement.number not in visit(visitor, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # The render task is published after commit too; the worker is not needed here.
        af.sign_all(agreement, staff, citizen)
    assert agreement.number in visit(visitor, url).content.decode()


def test_pdf_ready_shows_on_the_agreement_page_at_once(db, visitor, department, organisation, staff, citizen,
                                                      django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = af.draft(af.make_adopted_proposal(organisation, department), staff)
    af.agree_all(agreement, staff, citizen)
    with django_capture_on_commit_callbacks(execute=False):
        af.sign_all(agreement, staff, citizen)
    url = reverse("agreements:register_detail", args=[agreement.pk])
    pdf_url = reverse("agreements:register_pdf", args=[agreement.pk])
    assert pdf_url not in visit(visitor, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.render_run(version_id=agreement.in_force_version_id)
    assert pdf_url in visit(visitor, url).content.decode()


def test_verification_shows_in_the_directory_at_once(db, visitor, staff, django_capture_on_commit_callbacks):
    pending = f.OrganisationFactory(name="みどりの会", pending=True)
    url = reverse("partners:organisation_list")
    assert "みどりの会" not in visit(visitor, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        partner_services.organisation_verify(organisation=pending, by=staff)
    assert "みどりの会" in visit(visitor, url).content.decode()


def test_review_publication_shows_in_the_results_at_once(db, visitor, department, organisation, staff, citizen,
                                                        django_capture_on_commit_callbacks):
    rf.make_rules()
    agreement = rf.make_agreement(organisation, department, title="見守り協働協定")
    review = review_services.review_open(milestone=rf.make_milestone(agreement), by=staff)
    rf.submit(review, rf.city(agreement), staff)
    rf.submit(review, rf.group(agreement), citizen)
    rf.decide(review, staff)
    review_services.review_set_summary(review=review, text="事業を継続します。", by=staff)
    review_services.review_approve_publication(review=review, party=rf.city(agreement), by=staff)
    url = reverse("reviews:public_list")
    assert "見守り協働協定" not in visit(visitor, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        review_services.review_approve_publication(review=review, party=rf.group(agreement), by=citizen)
    assert "見守り協働協定" in visit(visitor, url).content.decode()


def test_an_admin_edit_refreshes_the_public_pages(db, visitor, department, django_capture_on_commit_callbacks):
    call = CallFactory(department=department, title="子ども食堂の募集", is_published=False)
    url = reverse("projects:call_list")
    assert "子ども食堂の募集" not in visit(visitor, url).content.decode()
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        Call.objects.filter(pk=call.pk).update(is_published=True)
        LogEntry.objects.log_actions(
            user_id=admin.pk, queryset=Call.objects.filter(pk=call.pk), action_flag=CHANGE,
            change_message="published", single_object=True,
        )
    assert "子ども食堂の募集" in visit(visitor, url).content.decode()


def test_a_change_refreshes_only_the_pages_that_show_it(db, visitor, staff,
                                                       django_capture_on_commit_callbacks):
    results = reverse("reviews:public_list")
    visit(visitor, results)
    pending = f.OrganisationFactory(pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        partner_services.organisation_verify(organisation=pending, by=staff)
    assert Organisation.objects.filter(pk=pending.pk, status=Organisation.Status.VERIFIED).exists()
    with CaptureQueriesContext(connection) as queries:
        visit(visitor, results)
    assert page_queries(queries) == []  # review results do not show the directory


def test_the_key_names_the_host_language_and_query(rf_request):
    keys = {
        publiccache.page_key(rf_request("/projects/register/", host="a.example.jp")),
        publiccache.page_key(rf_request("/projects/register/", host="b.example.jp")),
        publiccache.page_key(rf_request("/projects/register/", host="a.example.jp", language="en")),
        publiccache.page_key(rf_request("/projects/register/?page=2", host="a.example.jp")),
    }
    assert len(keys) == 4


@pytest.fixture
def rf_request(settings, rf):
    settings.ALLOWED_HOSTS = ["a.example.jp", "b.example.jp"]

    def make(path: str, host: str, language: str = "ja"):
        request = rf.get(path, HTTP_HOST=host)
        request.LANGUAGE_CODE = language
        return request

    return make


def test_a_deploy_with_new_static_files_starts_every_page_afresh(rf_request, monkeypatch, tmp_path):
    # A stored page links to the fingerprinted CSS and JS of its release; the next release's
    # manifest names other files, so its pages are other entries.
    import json

    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

    request = rf_request("/projects/register/", host="a.example.jp")
    keys = []
    for release in ("1f3e", "9a0c"):
        (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1", "hash": release}))
        monkeypatch.setattr(publiccache, "staticfiles_storage", ManifestStaticFilesStorage(location=tmp_path))
        publiccache.static_release.cache_clear()
        assert publiccache.static_release() == release
        keys.append(publiccache.page_key(request))
    publiccache.static_release.cache_clear()
    assert keys[0] != keys[1]
