from __future__ import annotations

import factory

from partners.models import Invitation, Membership
from tests.factories import OrganisationFactory, UserFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.jp")
    role = Membership.Role.MEMBER
    invited_by = factory.SubFactory(UserFactory)


# A complete, valid registration as the browser would post it (full-width where people type it).
ORGANISATION_POST = {
    "name": "港南台こども食堂",
    "name_kana": "コウナンダイ コドモショクドウ",
    "kind": "civic",
    "representative_name": "港南 花子",
    "representative_title": "代表",
    "postal_code": "〒２３４－００５４",
    "address": "横浜市港南区港南台１－１",
    "phone": "０４５－８００－１２３４",
    "email": "kodomo-shokudo@example.jp",
    "website": "",
    "founded_year": "2018",
    "member_count": "8",
    "corporate_number": "",
    "public_profile": "地域の子どもたちに温かい食事を届けています。",
    "is_public": "on",
}
