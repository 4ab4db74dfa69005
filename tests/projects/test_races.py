"""One draft per submission of the start form, however often and however fast it is sent."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from projects import services
from projects.models import Proposal, ProposalEvent
from tests.concurrency import require_postgresql, run_together


def start_data(call, organisation, key) -> dict:
    return {"call": call.pk, "organisation": organisation.pk, "title": "港南台プレイパーク", "submission_key": str(key)}


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_start_form_make_one_draft(call, organisation, citizen):
    require_postgresql()
    data = start_data(call, organisation, uuid.uuid4())

    def post():
        client = Client()
        client.force_login(citizen)
        return client.post(reverse("projects:proposal_start"), data)

    first, second = run_together(post, post)

    draft = Proposal.objects.get()  # exactly one
    step = reverse("projects:proposal_step", args=[draft.pk, "organisation"])
    assert (first.status_code, first["Location"]) == (302, step)
    assert (second.status_code, second["Location"]) == (302, step)
    assert ProposalEvent.objects.filter(proposal=draft).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_racing_an_uncommitted_draft_with_the_same_key_gets_that_draft(call, organisation, citizen):
    """The second request cannot see the first's draft yet: it waits on the unique index until
    the first commits, then returns the first's draft instead of failing or making another."""
    require_postgresql()
    key = uuid.uuid4()
    created = threading.Event()

    def create():
        return services.proposal_create_draft(
            organisation=organisation, call=call, title="港南台プレイパーク", by=citizen, submission_key=key
        )

    def first():
        with transaction.atomic():
            draft = create()
            created.set()
            time.sleep(1)  # the second request reaches the unique index meanwhile
        return draft.pk

    def second():
        assert created.wait(10)
        return create().pk

    first_pk, second_pk = run_together(first, second)
    assert first_pk == second_pk == Proposal.objects.get().pk


@pytest.mark.django_db
def test_a_resent_start_form_leads_to_the_draft_it_made(client, call, organisation, citizen):
    client.force_login(citizen)
    data = start_data(call, organisation, uuid.uuid4())
    first = client.post(reverse("projects:proposal_start"), data)
    again = client.post(reverse("projects:proposal_start"), data)
    assert first["Location"] == again["Location"]
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_each_rendering_of_the_start_form_makes_a_new_draft(client, call, organisation, citizen):
    client.force_login(citizen)
    keys = set()
    for _ in range(2):
        response = client.get(reverse("projects:proposal_start"))
        assert 'type="hidden" name="submission_key"' in response.content.decode()
        form = response.context["form"]
        keys.add(form.initial["submission_key"])
        client.post(reverse("projects:proposal_start"), start_data(call, organisation, form.initial["submission_key"]))
    assert len(keys) == 2
    assert Proposal.objects.count() == 2


@pytest.mark.django_db
def test_a_garbled_submission_key_is_a_form_error_not_a_500(client, call, organisation, citizen):
    client.force_login(citizen)
    response = client.post(reverse("projects:proposal_start"), {**start_data(call, organisation, ""), "submission_key": "x"})
    assert response.status_code == 200
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_another_user_with_the_same_key_gets_a_draft_of_their_own(call, organisation, citizen):
    from tests.factories import make_citizen

    colleague = make_citizen(organisation)
    key = uuid.uuid4()
    mine = services.proposal_create_draft(organisation=organisation, call=call, title="A", by=citizen, submission_key=key)
    theirs = services.proposal_create_draft(
        organisation=organisation, call=call, title="B", by=colleague, submission_key=key
    )
    assert mine.pk != theirs.pk
