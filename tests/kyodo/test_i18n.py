"""The Japanese interface: complete catalogues, the language switch, allauth in Japanese."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

REPO = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "var", "node_modules", ".git"}


def _po_files() -> list[Path]:
    return sorted(
        path for path in REPO.rglob("*.po") if not SKIP_DIRS.intersection(path.relative_to(REPO).parts)
    )


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_po(text: str) -> list[dict]:
    """A small .po reader: each entry's flags, msgid and msgstr(s), continuation lines joined."""
    entries: list[dict] = []
    for block in text.split("\n\n"):
        entry: dict = {"flags": set(), "msgid": None, "msgstr": {}}
        key: tuple[str, str] | None = None
        parts: dict[tuple[str, str], list[str]] = {}
        obsolete = True
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if not line or line.startswith("#"):
                continue
            obsolete = False
            if line.startswith('"'):
                if key is not None:
                    parts[key].append(line)
                continue
            keyword, _space, rest = line.partition(" ")
            if keyword.startswith("msgstr"):
                key = ("msgstr", keyword[len("msgstr"):].strip("[]") or "0")
            else:
                key = (keyword, "")
            parts[key] = [rest]
        if obsolete or ("msgid", "") not in parts:
            continue
        entry["msgid"] = _unquote(parts[("msgid", "")])
        entry["msgstr"] = {index: _unquote(lines) for (kind, index), lines in parts.items() if kind == "msgstr"}
        entries.append(entry)
    return entries


def test_the_po_reader_finds_empty_and_fuzzy_entries():
    sample = '\n\n'.join([
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"',
        'msgid "Home"\nmsgstr "ホーム"',
        'msgid "Log in"\nmsgstr ""',
        '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "こんにちは"',
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] ""',
        '#~ msgid "Gone"\n#~ msgstr ""',
    ])
    entries = {entry["msgid"]: entry for entry in parse_po(sample)}
    assert set(entries) == {"", "Home", "Log in", "Hello %(name)s", "One"}
    assert entries["Log in"]["msgstr"] == {"0": ""}
    assert "fuzzy" in entries["Hello %(name)s"]["flags"]
    assert entries["One"]["msgstr"] == {"0": ""}


def test_a_project_catalogue_exists_for_japanese():
    assert (REPO / "locale" / "ja" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("po_file", _po_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_japanese_catalogue_is_complete(po_file: Path):
    """Every msgid has a Japanese msgstr and none is left fuzzy (the "ja catalogue complete" check)."""
    problems = []
    for entry in parse_po(po_file.read_text(encoding="utf-8")):
        if entry["msgid"] == "":
            if "fuzzy" in entry["flags"]:
                problems.append("header is marked fuzzy")
            continue
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if not entry["msgstr"] or any(not value for value in entry["msgstr"].values()):
            problems.append(f"untranslated: {entry['msgid']!r}")
    assert not problems, f"{po_file.relative_to(REPO)}:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_language_switch_turns_the_portal_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")

    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign In" in html
    assert 'value="ja" lang="ja">日本語</button>' in html

    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="ja">' in html
    assert "ログイン" in html


@pytest.mark.django_db
def test_language_switch_refuses_an_outside_next_url(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "japanese"),
    [
        ("account_signup", "ユーザー登録"),
        ("account_reset_password", "パスワードをお忘れですか"),
        ("account_login", "ログイン"),
    ],
)
def test_allauth_pages_use_allauths_japanese_translation(client, url_name, japanese):
    html = client.get(reverse(url_name)).content.decode()
    assert japanese in html


@pytest.mark.django_db
def test_account_settings_pages_render_in_the_portal_layout(client, citizen):
    client.force_login(citizen)
    for url_name, japanese in [
        ("account_email", "メールアドレス"),
        ("account_change_password", "パスワード変更"),
        ("mfa_index", "多要素認証"),
        ("account_logout", "ログアウト"),
    ]:
        html = client.get(reverse(url_name)).content.decode()
        assert japanese in html, url_name
        assert 'aria-label="アカウント設定"' in html, url_name
        assert html.count("<h1") == 1, url_name
