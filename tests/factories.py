"""Factories shared by every app's tests: users and partners. App-specific factories live in
`tests/<app>/factories.py`."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import CityRole, User
from kyodo.models import City
from partners.models import (
    CoordinatorPosting,
    Department,
    FieldOfActivity,
    Membership,
    Organisation,
    StaffPosting,
    SupportCentre,
    Ward,
)

PASSWORD = "kyodo-test-pass-2024"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city{n}")
    city_name = factory.Sequence(lambda n: f"市{n}")
    preset = City.Preset.YOKOHAMA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    display_name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        """Mark the e-mail verified for allauth (default) so the user can log in."""
        obj.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def is_committee_member(obj, create, extracted, **kwargs):  # noqa: N805
        """`is_committee_member=True`: a seat on the current city's screening committee."""
        if create and extracted:
            CityRole.objects.get_or_create(user=obj, role=CityRole.Role.COMMITTEE)


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"テスト{n}区")
    name_kana = "てすと"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfActivity
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"分野{n}")
    slug = factory.Sequence(lambda n: f"field-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"テスト団体{n}")
    name_kana = "テストダンタイ"
    kind = Organisation.Kind.CIVIC_GROUP
    representative_name = "横浜 花子"
    postal_code = "2310017"
    ward = factory.SubFactory(WardFactory)
    address = "横浜市中区港町1-1"
    phone = "0456711111"
    email = factory.Sequence(lambda n: f"org{n}@example.jp")
    status = Organisation.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=Organisation.Status.PENDING, verified_at=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"テスト局{n}")
    kind = Department.Kind.BUREAU


class SupportCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCentre

    name = factory.Sequence(lambda n: f"テスト区市民活動支援センター{n}")
    kind = SupportCentre.Kind.WARD
    phone = "045-000-0000"


def make_citizen(organisation: Organisation | None = None, role: str = Membership.Role.REPRESENTATIVE) -> User:
    membership = MembershipFactory(organisation=organisation or OrganisationFactory(), role=role)
    return membership.user


def make_staff(department: Department | None = None, **user_kwargs) -> User:
    user = UserFactory(is_staff=True, **user_kwargs)
    StaffPosting.objects.create(user=user, department=department or DepartmentFactory())
    return user


def make_coordinator(centre: SupportCentre | None = None) -> User:
    user = UserFactory()
    CoordinatorPosting.objects.create(user=user, centre=centre or SupportCentreFactory())
    return user
