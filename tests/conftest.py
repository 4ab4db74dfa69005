"""Shared fixtures: one user per role plus an outsider, a real Celery worker on Redis, and a
real Chromium driven by Playwright."""

from __future__ import annotations

import os

import pytest

from tests import factories as f
from tests.pki_service import demo_pki  # noqa: F401  (autouse, session: the seal's TSA, OCSP and CRL)

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to be called from the test body while a page is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


@pytest.fixture(autouse=True)
def city(request):
    """The city every test runs in (a test of several cities makes the others itself): served
    at yokohama.<base domain> and at the test client's `testserver`, active in the test's body."""
    uses_db = DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    if not uses_db:
        yield None
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    from kyodo.cities import city_for_host, forget_hosts
    from kyodo.tenancy import activate

    test_city = f.CityFactory(slug="yokohama", city_name="横浜市", preset="yokohama", custom_domains=["testserver"])
    forget_hosts()
    city_for_host("testserver")  # the table of hosts, read now rather than in a request whose queries a test counts
    with activate(test_city):
        yield test_city
    forget_hosts()


@pytest.fixture(autouse=True)
def _relax_2fa_unless_asked(settings, request):
    """Most tests exercise features, not enrolment: 2FA enforcement has its own tests, which
    mark themselves with `@pytest.mark.enforce_2fa`."""
    settings.KYODO_REQUIRE_STAFF_2FA = request.node.get_closest_marker("enforce_2fa") is not None


@pytest.fixture(autouse=True)
def _fresh_public_pages():
    """Cached public pages outlive a test's rolled-back rows: each test starts with none."""
    from kyodo.publiccache import forget_all

    forget_all()


def pytest_configure(config):
    config.addinivalue_line("markers", "enforce_2fa: keep two-factor enforcement for staff on")


@pytest.fixture
def organisation(db):
    return f.OrganisationFactory(name="港南台生き生きプレイパーク")


@pytest.fixture
def other_organisation(db):
    return f.OrganisationFactory(name="ふらっとステーション・ドリーム")


@pytest.fixture
def department(db):
    return f.DepartmentFactory(name="市民局")


@pytest.fixture
def other_department(db):
    return f.DepartmentFactory(name="環境創造局")


@pytest.fixture
def centre(db):
    return f.SupportCentreFactory(name="港南区市民活動支援センター")


@pytest.fixture
def citizen(organisation):
    return f.make_citizen(organisation)


@pytest.fixture
def other_citizen(other_organisation):
    return f.make_citizen(other_organisation)


@pytest.fixture
def staff(department):
    return f.make_staff(department)


@pytest.fixture
def other_staff(other_department):
    return f.make_staff(other_department)


@pytest.fixture
def coordinator(centre):
    return f.make_coordinator(centre)


@pytest.fixture
def committee_member(db):
    return f.UserFactory(is_committee_member=True)


@pytest.fixture
def admin_user(db):
    return f.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    return f.UserFactory()


# --- Celery ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def celery_session_app():
    from kyodo.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.skip("a real Celery worker needs REDIS_URL (run the suite through scripts/test.sh)")
    return app


@pytest.fixture
def celery_worker(celery_session_app, transactional_db):
    """A real Celery worker (thread pool) consuming from Redis for the test's duration.

    Tests using it must see committed data: it requests `transactional_db`."""
    from celery.contrib.testing.worker import start_worker

    celery_session_app.control.purge()
    with start_worker(
        celery_session_app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20
    ) as worker:
        yield worker


# --- Browser --------------------------------------------------------------------------------
CHROMIUM = os.environ.get("KYODO_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install.sh")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


class ConsoleErrors:
    """Every error a page writes to the browser's console (a failed request, a script error, a
    Content-Security-Policy violation) while a test drives it."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))

    def _console(self, page, message) -> None:
        # A script the test evaluates itself through the DevTools protocol (axe-core) has no URL:
        # what it logs is the test's doing, not the page's.
        where = message.location.get("url")
        if message.type == "error" and where:
            self.errors.append(f"{page.url}: {message.text} ({where})")

    def check(self) -> None:
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)


def city_url(live_server) -> str:
    """The live server at the test city's host: browsers resolve *.localhost to the loopback."""
    return live_server.url.replace("://localhost", "://yokohama.localhost")


@pytest.fixture(autouse=True)
def _console_errors_fail_browser_tests(request):
    """Every browser test fails if a page it opens, in any context it makes, logs a console error."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    console = ConsoleErrors()
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("page", console.watch)
        return context

    browser.new_context = watched_context
    yield
    del browser.new_context
    console.check()


@pytest.fixture
def page(browser, live_server):
    """A Chromium page on the live server (its console errors fail the test, see above)."""
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = city_url(live_server)
    yield page
    context.close()


def login(page, user, password: str = f.PASSWORD) -> None:
    """Log `user` in through the real login form."""
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit], form button[type=submit]")
    page.wait_for_load_state()
