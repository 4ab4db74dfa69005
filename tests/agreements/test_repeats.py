"""A repeated agreement move returns the existing result only to someone who could have made it."""

from __future__ import annotations

import pytest

from agreements import services
from tests import factories as f
from tests.agreements import factories as af

pytestmark = pytest.mark.django_db


def test_a_repeated_draft_is_refused_to_staff_of_another_department(agreement, proposal, staff, other_staff):
    assert services.agreement_create_from_proposal(proposal=proposal, by=staff).pk == agreement.pk
    with pytest.raises(services.NotAllowed):
        services.agreement_create_from_proposal(proposal=proposal, by=other_staff)


def test_a_repeated_agreement_mark_is_refused_to_an_outsider(agreement, staff, other_citizen):
    version, party = agreement.current_version, af.city_party(agreement)
    mark = services.agreement_mark_agreed(agreement=agreement, party=party, version=version, by=staff)
    assert services.agreement_mark_agreed(agreement=agreement, party=party, version=version, by=staff).pk == mark.pk
    with pytest.raises(services.NotAllowed):
        services.agreement_mark_agreed(agreement=agreement, party=party, version=version, by=other_citizen)


def test_a_repeated_signature_is_refused_to_someone_who_cannot_sign_for_the_party(in_force, other_staff, citizen):
    version = in_force.in_force_version
    for party, user in ((af.city_party(in_force), other_staff), (af.group_party(in_force), f.UserFactory())):
        with pytest.raises(services.NotAllowed):
            services.agreement_sign_electronic(
                agreement=in_force, party=party, version=version, content_hash=version.content_hash, by=user,
                reauthenticated=True,
            )


def test_a_repeated_paper_signature_is_refused_to_the_group(in_force, citizen):
    version = in_force.in_force_version
    with pytest.raises(services.NotAllowed):
        services.agreement_record_paper_signature(
            agreement=in_force, party=af.group_party(in_force), version=version, scan=None,
            signer_name="港南 花子", signer_title="代表", signed_on=None, by=citizen,
        )


def test_a_repeated_amendment_is_refused_to_an_outsider(in_force, citizen, other_citizen):
    started = services.agreement_amend(agreement=in_force, by=citizen)
    assert services.agreement_amend(agreement=in_force, by=citizen).pk == started.pk
    with pytest.raises(services.NotAllowed):
        services.agreement_amend(agreement=in_force, by=other_citizen)


def test_a_double_posted_comment_is_posted_once(agreement, staff, citizen):
    first = services.agreement_comment(agreement=agreement, body="第5条の表現を確認したい。", by=citizen)
    assert services.agreement_comment(agreement=agreement, body="第5条の表現を確認したい。", by=citizen).pk == first.pk
    services.agreement_comment(agreement=agreement, body="承知しました。", by=staff)
    assert services.agreement_comment(agreement=agreement, body="第5条の表現を確認したい。", by=citizen).pk != first.pk
    assert agreement.comments.count() == 3
