"""Demo step 2: the city's wards (or districts), fields of activity, departments, support
centres, organisations and one demo login per role, from its `kyodo.democities.DemoCity`
(Yokohama: the 18 wards and ward centres of seed 002, the organisations of its cases).

Idempotent: every row is found by its natural key (update_or_create)."""

from __future__ import annotations

from typing import TextIO

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import CityRole, User
from kyodo.democities import DEMO_CITIES, PASSWORD, PLATFORM_ADMIN, ROLES, DemoCity, demo_city

from .models import (
    CoordinatorPosting,
    Department,
    FieldOfActivity,
    Membership,
    Organisation,
    OrganisationEvent,
    StaffPosting,
    SupportCentre,
    Ward,
)

__all__ = ["PASSWORD", "load", "print_logins"]

V, P = Organisation.Status.VERIFIED, Organisation.Status.PENDING
# Who works in the admin site (in whichever city they hold such a role).
ADMIN_SITE_USERS = {p.email for c in DEMO_CITIES.values() for p in c.people if p.role in {"staff", "ward_staff", "cityadmin"}}

FIELDS = [
    ("welfare", "福祉"), ("childcare", "子育て"), ("education", "教育"), ("environment", "環境"),
    ("community", "まちづくり"), ("safety", "防災・防犯"), ("culture", "文化・芸術"), ("international", "国際"),
    ("revitalisation", "地域活性化"), ("health", "保健・医療"), ("sports", "スポーツ"), ("elderly", "高齢者支援"),
]


def load(out: TextIO) -> None:
    city = demo_city()
    wards = _wards(city)
    fields = _fields()
    departments = _departments(city, wards)
    centres = _centres(city, wards)
    users = _users(city)
    organisations = _organisations(city, wards, fields, verifier=users[city.email("staff")])
    _roles(city, users, departments, centres, organisations)
    out.write(
        f"Partners: {len(wards)} wards or districts, {Department.objects.count()} departments, "
        f"{len(centres)} centres, {len(organisations)} organisations, {len(users)} users\n"
    )


def _wards(city: DemoCity) -> dict[str, Ward]:
    return {
        name: Ward.objects.update_or_create(name=name, defaults={"name_kana": kana, "order": order})[0]
        for order, (name, kana) in enumerate(city.wards, start=1)
    }


def _fields() -> dict[str, FieldOfActivity]:
    return {
        slug: FieldOfActivity.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})[0]
        for order, (slug, name) in enumerate(FIELDS, start=1)
    }


def _departments(city: DemoCity, wards: dict[str, Ward]) -> dict[str, Department]:
    out: dict[str, Department] = {}
    order = 0
    for bureau_name, sections in city.bureaus:
        order += 1
        bureau, _ = Department.objects.update_or_create(
            parent=None, name=bureau_name, defaults={"kind": Department.Kind.BUREAU, "order": order}
        )
        out[bureau_name] = bureau
        for section_order, (section_name, phone) in enumerate(sections, start=1):
            out[f"{bureau_name} {section_name}"] = Department.objects.update_or_create(
                parent=bureau, name=section_name,
                defaults={"kind": Department.Kind.SECTION, "phone": phone, "order": section_order},
            )[0]
    if not city.ward_offices:
        return out
    for ward in wards.values():
        order += 1
        office, _ = Department.objects.update_or_create(
            parent=None, name=f"{ward.name}役所",
            defaults={"kind": Department.Kind.WARD_OFFICE, "ward": ward, "order": order},
        )
        out[office.name] = office
        out[f"{office.name} 地域振興課"] = Department.objects.update_or_create(
            parent=office, name="地域振興課", defaults={"kind": Department.Kind.SECTION, "ward": ward, "order": 1}
        )[0]
    return out


def _centres(city: DemoCity, wards: dict[str, Ward]) -> dict[str, SupportCentre]:
    return {
        name: SupportCentre.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "ward": wards.get(ward) if ward else None, "phone": phone, "address": address,
                      "order": order},
        )[0]
        for order, (name, kind, ward, phone, address) in enumerate(city.centres, start=1)
    }


def _login(email: str, name: str, *, is_staff: bool, is_superuser: bool = False) -> User:
    user, created = User.objects.update_or_create(
        email=email, defaults={"display_name": name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created or not user.has_usable_password():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _users(city: DemoCity) -> dict[str, User]:
    """The city's demo logins (and the platform's administrator). A person with roles in several
    cities is one account: the same e-mail in several cities' lists."""
    email, name = PLATFORM_ADMIN
    out = {email: _login(email, name, is_staff=True, is_superuser=True)}
    for person in city.people:
        out[person.email] = _login(person.email, person.name, is_staff=person.email in ADMIN_SITE_USERS)
    return out


def _organisations(city: DemoCity, wards, fields, verifier: User) -> dict[str, Organisation]:
    out = {}
    for spec in city.organisations:
        spec = dict(spec)
        field_slugs = spec.pop("fields")
        ward = wards[spec.pop("ward")]
        status = spec.pop("status")
        defaults = {"corporate_number": "", "founded_year": None, "member_count": None, "representative_title": "",
                    **spec, "ward": ward, "status": status}
        if status == V:
            defaults["verified_by"] = verifier
        organisation = Organisation.objects.filter(name=spec["name"]).first()
        if organisation is None:
            organisation = Organisation(**defaults)
            if status == V:
                organisation.verified_at = timezone.now()
            organisation.full_clean()
            organisation.save()
            OrganisationEvent.objects.create(organisation=organisation, from_status="", to_status=P)
            if status == V:
                OrganisationEvent.objects.create(organisation=organisation, actor=verifier, from_status=P, to_status=V)
        else:
            for key, value in defaults.items():
                setattr(organisation, key, value)
            organisation.save()
        organisation.fields.set([fields[slug] for slug in field_slugs])
        out[organisation.name] = organisation
    return out


def _roles(city: DemoCity, users, departments, centres, organisations) -> None:
    for person in city.people:
        user = users[person.email]
        if person.role in {"staff", "ward_staff"}:
            StaffPosting.objects.update_or_create(
                user=user, department=departments[person.where], defaults={"title": person.title}
            )
        elif person.role in {"coordinator", "coordinator2"}:
            CoordinatorPosting.objects.get_or_create(user=user, centre=centres[person.where])
        elif person.role in {"citizen", "member", "citizen2"}:
            role = Membership.Role.MEMBER if person.role == "member" else Membership.Role.REPRESENTATIVE
            Membership.objects.update_or_create(
                user=user, organisation=organisations[person.where], defaults={"role": role, "is_active": True}
            )
        elif person.role == "committee":
            CityRole.objects.get_or_create(user=user, role=CityRole.Role.COMMITTEE)
        elif person.role == "cityadmin":
            CityRole.objects.get_or_create(user=user, role=CityRole.Role.ADMIN)
    for organisation in organisations.values():
        if not organisation.created_by_id:
            representative = organisation.memberships.filter(role=Membership.Role.REPRESENTATIVE).first()
            if representative:
                Organisation.objects.filter(pk=organisation.pk).update(created_by=representative.user)


def print_logins(out: TextIO, cities) -> None:
    """The platform's and each demo city's address, and each city's demo logins, one per role."""
    from django.conf import settings

    platform = f"{settings.KYODO_BASE_SCHEME}://{settings.KYODO_BASE_DOMAIN}{settings.KYODO_BASE_PORT}/"
    width = max(len(p.email) for c in DEMO_CITIES.values() for p in c.people)
    label_width = max(len(label) for label in ROLES.values())
    out.write(f"\nDemo logins (password for all: {PASSWORD})\n")
    out.write(f"\nPlatform (the list of cities; the platform's admin): {platform}\n")
    out.write(f"  {'platform administrator'.ljust(label_width)}  {PLATFORM_ADMIN[0]}\n")
    for city in cities:
        demo = DEMO_CITIES[city.slug]
        out.write(f"\n{city.city_name}: {city.base_url}/\n")
        for role, label in ROLES.items():
            for person in (p for p in demo.people if p.role == role):
                elsewhere = [c.city_name for c in cities if c != city and person.email in DEMO_CITIES[c.slug].emails_all]
                where = person.where + (f"(also in {', '.join(elsewhere)})" if elsewhere else "")
                out.write(f"  {label.ljust(label_width)}  {person.email.ljust(width)}  {where}".rstrip() + "\n")
