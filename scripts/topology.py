"""The production topology on one machine, walked over HTTP (scripts/topology.sh runs this).

Starts what production runs across several hosts — PostgreSQL and Redis (scripts/services.sh;
its own database `kyodo_topology` and Redis db 10), an S3 API server (moto's server mode), two
web nodes under gunicorn, two Celery workers and beat — in the production profile, each
portal process with the command docker-compose.yml gives it (`compose_commands`). Then, as a
load balancer would, it sends every request with the public host name and
`X-Forwarded-Proto: https` to one node or the other:

1. a citizen writes a proposal through the wizard on node 1 and submits it;
2. city staff (password + TOTP) send it to screening and adopt it on node 2;
3. staff draft the agreement on node 2; both parties agree and sign on node 1 (the session
   made on node 2 is used on node 1: the nodes share nothing but the database and Redis);
4. the last signature queues the PDF; the worker that starts rendering it is killed (SIGKILL
   to its whole process group) and the other worker renders it once Redis hands the
   unacknowledged message on; the PDF is downloaded from node 2, stored in the S3 bucket, and
   its hash is found by the public verification on node 1;
5. the request id of the signing request is found in the worker's JSON log of the render.

Exit status 0 when every step held. Logs of every process: var/topology/<name>.log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html.parser
import http.client
import json
import os
import re
import secrets
import shlex
import signal
import struct
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LOG_DIR = ROOT / "var" / "topology"
BASE_DOMAIN = "kyodo.example.jp"  # the platform; each city is served at <slug>.<this>
CITY = "topology"
HOST = f"{CITY}.{BASE_DOMAIN}"
DATABASE = "kyodo_topology"
REDIS_DB = 10
S3_PORT = 8109
WEB_PORTS = {"web1": 8101, "web2": 8102}
WORKER_METRICS_PORTS = {"worker1": 8111, "worker2": 8112}
BUCKET = "kyodo-topology"
PASSWORD = secrets.token_urlsafe(12)
STAFF = "staff@example.jp"
CITIZEN = "citizen@example.jp"
VISIBILITY_TIMEOUT = 15  # seconds before Redis hands a dead worker's task to another
START = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - START:6.1f}s] {message}", flush=True)


# --- The commands, from docker-compose.yml ------------------------------------------------------
def compose_commands() -> dict[str, list[str]]:
    """The web, worker and beat commands of docker-compose.yml as argument lists."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    out = {}
    for name in ("web", "worker", "beat"):
        command = services[name]["command"]
        out[name] = shlex.split(command.replace("$$", "$")) if isinstance(command, str) else list(command)
    return out


def service_environment() -> dict[str, dict[str, str]]:
    """The variables docker-compose.yml sets for one service only (`environment:`)."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name: {k: str(v) for k, v in (services[name].get("environment") or {}).items()}
            for name in ("web", "worker", "beat")}


def env_example() -> dict[str, str]:
    """The variables docker-compose.yml gives every portal container (its env_file)."""
    out = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z0-9_]+)=(.*)$", line)
        if match:
            out[match.group(1)] = match.group(2)
    return out


def process_commands() -> dict[str, list[str]]:
    """What this script runs: compose's commands, with the one difference one machine needs —
    the web nodes' addresses, and the workers' names (containers have their own host names)."""
    compose = compose_commands()
    out = {}
    for name, port in WEB_PORTS.items():
        out[name] = [arg.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for arg in compose["web"]]
    for name in WORKER_METRICS_PORTS:
        out[name] = [*compose["worker"], "-n", f"{name}@%h"]
    out["beat"] = list(compose["beat"])
    return out


#: What differs from .env.example on this machine: services on the loopback instead of the
#: compose network, paths on this disk instead of /app, and secrets made for the run.
def topology_overrides(secret_key: str, metrics_token: str) -> dict[str, str]:
    return {
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": f".{BASE_DOMAIN}",
        "KYODO_BASE_URL": f"https://{BASE_DOMAIN}",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "CACHE_PREFIX": "kyodo-topology",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(16),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",  # no SMTP server here
        "KYODO_METRICS_TOKEN": metrics_token,
        "KYODO_METRICS_ADDR": "127.0.0.1",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),  # so the kill is over in seconds
    }


#: Set per host by Stack.start (its own disk, its own metrics port).
PER_HOST = ("KYODO_VAR_DIR", "STATIC_ROOT", "MEDIA_ROOT", "PROMETHEUS_MULTIPROC_DIR", "KYODO_METRICS_PORT")


SERVICE_OF = {"web1": "web", "web2": "web", "worker1": "worker", "worker2": "worker", "beat": "beat"}


def process_environment(name: str) -> dict[str, str]:
    """What one process gets on top of `portal_environment`: its compose service's own variables,
    and a worker host's metrics port."""
    env = dict(service_environment()[SERVICE_OF[name]])
    if name in WORKER_METRICS_PORTS:
        env["KYODO_METRICS_PORT"] = str(WORKER_METRICS_PORTS[name])
    return env


def portal_environment(secret_key: str, metrics_token: str) -> dict[str, str]:
    """The production profile exactly as docker-compose.yml configures it, pointed at this machine."""
    env = env_example()
    assert env["KYODO_ENV"] == "production"
    env.update(topology_overrides(secret_key, metrics_token))
    for name in PER_HOST:
        env.pop(name, None)
    return env


# --- Processes ----------------------------------------------------------------------------------
@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path


@dataclass
class Stack:
    env: dict[str, str]
    procs: dict[str, Proc] = field(default_factory=dict)

    def start(self, name: str, argv: list[str], extra: dict[str, str] | None = None) -> Proc:
        log = LOG_DIR / f"{name}.log"
        var = LOG_DIR / "hosts" / name  # each "host" has its own disk
        var.mkdir(parents=True, exist_ok=True)
        env = {**self.env, "KYODO_VAR_DIR": str(var), "STATIC_ROOT": str(var / "staticfiles"),
               "MEDIA_ROOT": str(var / "media"), "PROMETHEUS_MULTIPROC_DIR": str(var / "metrics"), **(extra or {})}
        say(f"start {name}: {shlex.join(argv)}")
        popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                 start_new_session=True)
        self.procs[name] = Proc(name, popen, log)
        return self.procs[name]

    def alive(self, name: str) -> bool:
        if self.procs[name].popen.poll() is not None:
            raise SystemExit(f"FAILED: {name} exited; its log:\n" + self.procs[name].log.read_text()[-3000:])
        return True

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        os.killpg(proc.popen.pid, signal.SIGKILL)
        proc.popen.wait()

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.popen.poll() is None:
                os.killpg(proc.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.popen.pid, signal.SIGKILL)
                proc.popen.wait()


def base_env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k in {"HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER"}}
    return {**keep, "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}"}


def wait_for(what: str, check, timeout: float = 120, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise SystemExit(f"FAILED: {what} within {timeout:.0f} s")


# --- HTTP through the "load balancer" -------------------------------------------------------------
class FormParser(html.parser.HTMLParser):
    """Every form of a page: action, and the fields a browser would send by default."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "selects": {}, "radios": {},
                               "multi": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                self.forms[-1]["radios"].setdefault(a["name"], a.get("value") or "")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file"}:
                fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            # A single menu with nothing chosen gets its first choice (see Browser.submit); a
            # multiple one only what the caller picks.
            self.forms[-1]["multi" if "multiple" in a else "selects"][a["name"]] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form = self.forms[-1]
            (form["selects"] if self._select in form["selects"] else form["multi"])[self._select].append(value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    node: str
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def form(self, action_contains: str = "") -> dict:
        parser = FormParser()
        parser.feed(self.text)
        for form in parser.forms:
            if (action_contains in form["action"]) if action_contains else not form["action"]:
                return form
        raise SystemExit(f"FAILED: no form with action ~ {action_contains!r} on the page from {self.node}")


class Browser:
    """One person's cookies, sent to whichever node a request goes to."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.cookies: dict[str, str] = {}
        self.totp_secret = ""
        self.last_code: str | None = None

    def request(self, node: str, method: str, path: str, data: dict | None = None,
                request_id: str = "", expect: tuple[int, ...] = (200, 302)) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORTS[node], timeout=60)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": "ja",
                   "Referer": f"https://{HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if request_id:
            headers["X-Request-ID"] = request_id
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        payload = raw.read()
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val and "max-age=0" not in value.lower():
                    self.cookies[key.strip()] = val.strip('"')
                else:
                    self.cookies.pop(key.strip(), None)
        conn.close()
        response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, payload, node, path)
        rid = response.headers.get("x-request-id", "")
        say(f"  {self.who:<8} {node} {method:<4} {path} -> {raw.status} (request {rid})")
        if raw.status not in expect:
            raise SystemExit(f"FAILED: {method} {path} on {node} answered {raw.status}:\n{response.text[:2000]}")
        return response

    def get(self, node: str, path: str, **kw) -> Response:
        return self.request(node, "GET", path, **kw)

    def post(self, node: str, path: str, data: dict, **kw) -> Response:
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request(node, "POST", path, data, **kw)

    def submit(self, node: str, page: Response, action: str, **overrides) -> Response:
        """Post a form of `page` as a person would who fills in `overrides` and, where a menu or
        a set of radio buttons has nothing chosen, takes the first choice."""
        form = page.form(action)
        fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
        for name, options in form["selects"].items():
            if not fields.get(name) and any(options):
                fields[name] = next(o for o in options if o)
        for name, first in form["radios"].items():
            fields.setdefault(name, first)
        fields.update(overrides)
        return self.post(node, form["action"] or page.path, fields)

    def login(self, node: str, email: str, totp_secret: str = "") -> None:
        self.totp_secret = totp_secret
        page = self.get(node, "/accounts/login/")
        after = self.submit(node, page, "/accounts/login/", login=email, password=PASSWORD)
        location = after.headers.get("location", "")
        if "2fa" in location:
            self.post(node, location, {"code": self.fresh_code()})
        if "sessionid" not in self.cookies:
            raise SystemExit(f"FAILED: {email} could not log in on {node}")

    def fresh_code(self) -> str:
        """A TOTP code not used before: allauth refuses a code twice, so wait for the next one."""
        code = totp(self.totp_secret)
        while code == self.last_code:
            time.sleep(1)
            code = totp(self.totp_secret)
        self.last_code = code
        return code

    def reauthenticate(self, node: str, location: str) -> None:
        """Confirm who one is before signing: the second factor for staff, else the password."""
        page = self.get(node, location)
        if self.totp_secret:
            self.submit(node, page, "reauthenticate", code=self.fresh_code())
        else:
            self.submit(node, page, "reauthenticate", password=PASSWORD)


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 (30 s, 6 digits, SHA-1), as authenticator apps and allauth compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


# --- Steps ----------------------------------------------------------------------------------------
def prepare_services(env: dict[str, str]) -> None:
    subprocess.run([str(ROOT / "scripts" / "services.sh")], check=True)
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {DATABASE} TEMPLATE template0 ENCODING 'UTF8'"], check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, stdout=subprocess.DEVNULL)
    say(f"PostgreSQL database {DATABASE} and Redis db {REDIS_DB} are empty")


SEED = """
from allauth.mfa.totp.internal.auth import TOTP

from kyodo.cities import city_create
from kyodo.tenancy import activate
from partners.models import Membership
from tests import factories as f
from tests.projects.factories import CallFactory

platform_admin = f.UserFactory(email="platform@example.jp", is_staff=True, is_superuser=True)
city = city_create(slug={city!r}, preset="yokohama", by=platform_admin)
with activate(city):
    department = f.DepartmentFactory(name="市民局 市民協働推進課")
    organisation = f.OrganisationFactory(name="港南台生き生きプレイパーク")
    citizen = f.UserFactory(email={citizen!r}, display_name="港南台 花子", password={password!r})
    f.MembershipFactory(organisation=organisation, user=citizen, role=Membership.Role.REPRESENTATIVE)
    staff = f.make_staff(department, email={staff!r}, display_name="協働 太郎", password={password!r})
    TOTP.activate(staff, {secret!r})
    CallFactory(department=department, title="市民協働事業提案制度 トポロジー検証")
"""


def seed(env: dict[str, str], totp_secret: str) -> None:
    """A city served at HOST with its department, a verified organisation and its representative,
    city staff with a second factor (production asks it), and an open call."""
    var = LOG_DIR / "hosts" / "seed"
    host_env = {**env, "KYODO_VAR_DIR": str(var), "STATIC_ROOT": str(var / "staticfiles"), "MEDIA_ROOT": str(var / "media")}
    code = SEED.format(city=CITY, citizen=CITIZEN, staff=STAFF, password=PASSWORD, secret=totp_secret)
    subprocess.run([str(BIN / "python"), "manage.py", "shell", "-c", code], cwd=ROOT, env=host_env, check=True,
                   stdout=subprocess.DEVNULL)
    say("seeded: a department, an organisation and its representative, staff with TOTP, an open call")


def healthy(node: str, workers: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORTS[node], timeout=10)
        conn.request("GET", "/health/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        body = json.loads(response.read() or b"{}")
        conn.close()
    except (OSError, ValueError):
        return False
    return response.status == 200 and body.get("worker", {}).get("workers", 0) >= workers


def write_proposal(citizen: Browser) -> int:
    """On node 1: a proposal from the first open call, through every step of the wizard."""
    calls = citizen.get("web1", "/projects/calls/")
    call_id = int(re.search(r"/projects/calls/(\d+)/", calls.text).group(1))
    start = citizen.get("web1", f"/projects/new/?call={call_id}")
    started = citizen.submit("web1", start, "", title="トポロジー検証 公園の見守り事業")
    proposal_id = int(re.search(r"/proposals/(\d+)/", started.headers["location"]).group(1))
    answers = {
        "problem": {"local_problem": "放課後に子どもが安心して遊べる場所が足りない。",
                    "purpose": "地域の大人が見守る遊び場を週2回ひらく。"},
        "activities": {"activities": "公園でのプレイパーク運営と見守りボランティアの育成。",
                       "beneficiaries": "小学生 年間800人"},
        "collaboration": {"why_collaboration": "地域の担い手と市の公園管理を合わせて初めて実現できる。"},
        "roles": {"roles-TOTAL_FORMS": "2", "roles-INITIAL_FORMS": "0",
                  "roles-0-task": "遊び場の運営", "roles-0-party": "group",
                  "roles-1-task": "公園利用の調整", "roles-1-party": "city"},
        "budget": {"budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0",
                   "budget-0-item": "遊具・道具", "budget-0-amount": "120000", "budget-0-city_share": "60000"},
        "schedule": {"schedule": "4月準備、5月から毎週水・土曜に開催、3月にふりかえり。"},
    }
    for step in ("organisation", "problem", "activities", "collaboration", "roles", "budget", "schedule"):
        path = f"/projects/proposals/{proposal_id}/edit/{step}/"
        page = citizen.get("web1", path)
        if step == "schedule":  # the department the group hopes to work with: the call's
            answers[step]["departments"] = page.form("")["multi"]["departments"][0]
        saved = citizen.submit("web1", page, "", **answers.get(step, {}), next="")
        if saved.status != 302:
            raise SystemExit(f"FAILED: step {step} was not accepted:\n{saved.text[:3000]}")
    preview = citizen.get("web1", f"/projects/proposals/{proposal_id}/edit/preview/")
    citizen.submit("web1", preview, "/submit/")
    say(f"proposal {proposal_id} written and submitted on web1")
    return proposal_id


def screen(staff: Browser, proposal_id: int) -> int:
    """On node 2: to screening, adopted, agreement drafted."""
    detail = f"/projects/proposals/{proposal_id}/"
    staff.submit("web2", staff.get("web2", detail), "/screening/")
    staff.submit("web2", staff.get("web2", detail), "/decide/", decision="adopt",
                 reason="地域の見守りの担い手が育つ点を評価し採択する。")
    created = staff.submit("web2", staff.get("web2", detail), "/agreements/from-proposal/")
    agreement_id = int(re.search(r"/agreements/(\d+)/", created.headers["location"]).group(1))
    say(f"proposal {proposal_id} screened and adopted on web2; agreement {agreement_id} drafted")
    return agreement_id


def agree_and_sign(staff: Browser, citizen: Browser, agreement_id: int, request_id: str) -> None:
    """On node 1: each party agrees, then signs; the last signature carries `request_id`."""
    detail = f"/agreements/{agreement_id}/"
    for person in (staff, citizen):
        page = person.get("web1", detail)
        person.submit("web1", page, "/agree/")
    signers = [(staff, ""), (citizen, request_id)]
    for person, rid in signers:
        page = person.get("web1", detail)
        sign_path = re.search(rf'href="(/agreements/{agreement_id}/parties/\d+/sign/)"', page.text).group(1)
        form_page = person.get("web1", sign_path)
        if form_page.status == 302:  # signing asks to confirm who one is, once more
            person.reauthenticate("web1", urllib.parse.urlsplit(form_page.headers["location"]).path + "?"
                                  + urllib.parse.urlsplit(form_page.headers["location"]).query)
            form_page = person.get("web1", sign_path, expect=(200,))
        form = form_page.form("")
        fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
        fields["confirm"] = "on"  # "I have read this version and sign it for my party."
        signed = person.request("web1", "POST", sign_path,
                                {**fields, "csrfmiddlewaretoken": person.cookies["csrftoken"]}, request_id=rid)
        if signed.status != 302:
            raise SystemExit(f"FAILED: the signature was not accepted:\n{signed.text[:3000]}")
    say(f"agreement {agreement_id} agreed and signed by both parties on web1")


def log_lines(proc: Proc) -> list[dict]:
    out = []
    for line in proc.log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
    return out


def render_task_started(proc: Proc) -> dict | None:
    for line in log_lines(proc):
        if line.get("message") == "task started" and line.get("task", "").endswith("render_agreement_pdf_task"):
            return line
    return None


def main() -> int:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    for old in LOG_DIR.glob("*.log"):
        old.unlink()
    subprocess.run(["rm", "-rf", str(LOG_DIR / "hosts")], check=True)
    env = {**base_env(), **portal_environment(secrets.token_urlsafe(48), secrets.token_urlsafe(24))}
    stack = Stack(env)
    totp_secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    commands = process_commands()
    try:
        prepare_services(env)
        stack.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)])
        stack.start("web1", commands["web1"], process_environment("web1"))  # migrates, makes the bucket, serves
        # Once web1 has migrated the database the other hosts start (each collects its own static files).
        wait_for("web1 migrating the database", lambda: stack.alive("web1") and "Bucket" in stack.procs["web1"].log.read_text(),
                 timeout=180)
        for name in ("web2", *WORKER_METRICS_PORTS, "beat"):
            stack.start(name, commands[name], process_environment(name))
        seed(env, totp_secret)
        for node in WEB_PORTS:
            wait_for(f"{node} healthy with 2 workers",
                     lambda node=node: all(map(stack.alive, stack.procs)) and healthy(node, 2), timeout=120)
        say("both web nodes healthy; both workers answer the health check's ping")

        citizen, staff = Browser("citizen"), Browser("staff")
        citizen.login("web1", CITIZEN)
        staff.login("web2", STAFF, totp_secret)  # password + TOTP, on node 2
        proposal_id = write_proposal(citizen)
        agreement_id = screen(staff, proposal_id)
        request_id = f"topology-sign-{secrets.token_hex(6)}"
        agree_and_sign(staff, citizen, agreement_id, request_id)

        # The render: kill whichever worker starts it.
        workers = {name: stack.procs[name] for name in WORKER_METRICS_PORTS}
        started = wait_for("a worker starting the render", lambda: next(
            ((name, line) for name, proc in workers.items() if (line := render_task_started(proc))), None),
            timeout=60, every=0.02)
        victim, line = started
        survivor = next(name for name in workers if name != victim)
        stack.kill(victim)
        say(f"KILLED {victim} (SIGKILL to its process group) while it rendered task {line['task_id']}"
            f" (request id {line.get('request_id')})")
        if line.get("request_id") != request_id:
            raise SystemExit(f"FAILED: the render task logged request id {line.get('request_id')!r}, "
                             f"not the signing request's {request_id!r}")
        finished = wait_for(f"{survivor} finishing the render", lambda: next(
            (entry for entry in log_lines(workers[survivor])
             if entry.get("message") == "task finished" and entry.get("task_id") == line["task_id"]), None),
            timeout=VISIBILITY_TIMEOUT + 90)
        say(f"{survivor} took the task over after Redis' visibility timeout and finished it: "
            f"state {finished.get('state')}, request id {finished.get('request_id')}")

        anonymous = Browser("visitor")
        version_pdf = f"/agreements/{agreement_id}/versions/1/pdf/"
        pdf = staff.get("web2", version_pdf)
        if not pdf.body.startswith(b"%PDF"):
            raise SystemExit("FAILED: the PDF from web2 is not a PDF")
        digest = hashlib.sha256(pdf.body).hexdigest()
        say(f"PDF downloaded from web2: {len(pdf.body):,} bytes, sha256 {digest[:16]}…")
        verify = anonymous.get("web1", f"/agreements/verify/?sha256={digest}")
        register = anonymous.get("web1", f"/agreements/register/{agreement_id}/")
        if digest not in register.text and digest not in verify.text:
            raise SystemExit("FAILED: the public register on web1 does not show the PDF's hash")
        _check_bucket(env, digest)
        metrics = _metrics(env, survivor)
        say(f"metrics: {metrics}")
        say(f"TOPOLOGY OK in {time.monotonic() - START:.0f} s: proposal {proposal_id} written on web1, "
            f"screened on web2; agreement {agreement_id} signed on web1, rendered by {survivor} after "
            f"{victim} was killed mid-render, downloaded from web2")
        return 0
    finally:
        stack.stop_all()


def _answers(node: str) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", WEB_PORTS[node], timeout=5)
        conn.request("GET", "/health/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        conn.getresponse().read()
        conn.close()
        return True
    except OSError:
        return False


def _check_bucket(env: dict[str, str], digest: str) -> None:
    import boto3

    client = boto3.client("s3", endpoint_url=env["AWS_S3_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    if not any(digest in key for key in keys):
        raise SystemExit(f"FAILED: no object named by the PDF's hash in the bucket: {keys}")
    say(f"bucket {BUCKET} holds {len(keys)} object(s), among them the PDF by its hash")


def _scrape(port: int, path: str, token: str) -> list[str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", "Authorization": f"Bearer {token}"})
    body = conn.getresponse().read().decode()
    conn.close()
    return body.splitlines()


def _metrics(env: dict[str, str], worker: str) -> str:
    """What Prometheus would scrape: web1's /metrics and the surviving worker host's port."""
    web = _scrape(WEB_PORTS["web1"], "/metrics", env["KYODO_METRICS_TOKEN"])
    tasks = _scrape(WORKER_METRICS_PORTS[worker], "/", "")
    requests = sum(float(line.rsplit(" ", 1)[1]) for line in web if line.startswith("kyodo_http_requests_total{"))
    queue = next((line for line in web if line.startswith("kyodo_celery_queue_length{")), "no queue gauge")
    outcomes = [line for line in tasks if line.startswith("kyodo_celery_tasks_total{")]
    renders = next((line for line in tasks if line.startswith("kyodo_pdf_render_seconds_count")), "no render")
    return f"web1 counted {requests:.0f} requests; {queue}; {worker}: {'; '.join(outcomes)}; {renders}"


if __name__ == "__main__":
    sys.exit(main())
