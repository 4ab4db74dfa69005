"""Reading the forms a page really renders, so the hostile-input tests drive whatever fields a
form has today (the apps' forms keep changing) rather than a list written down once."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, file, hidden, number, date, email, …
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def has_file(self) -> bool:
        return any(f.kind == "file" for f in self.fields.values())


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                              enctype=a.get("enctype", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            existing = form.fields.get(a["name"])
            if kind in {"checkbox", "radio"} and existing:
                existing.options.append(a.get("value", "on"))
                return
            form.fields[a["name"]] = Field(a["name"], kind, a.get("value", ""),
                                           [a.get("value", "on")] if kind in {"checkbox", "radio"} else [])
        elif tag == "textarea":
            self._textarea = form.fields[a["name"]] = Field(a["name"], "textarea")
        elif tag == "select":
            self._select = form.fields[a["name"]] = Field(a["name"], "select", multiple="multiple" in a)
        elif tag == "option" and self._select is not None:
            if a.get("value", None) not in (None, ""):
                self._select.options.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def post_forms(html: str, page_url: str) -> list[Form]:
    """The POST forms of a page, each with its action resolved (an empty action is the page)."""
    parser = _Parser()
    parser.feed(html)
    out = []
    for form in parser.forms:
        if form.method != "post":
            continue
        action = form.action or page_url
        if action.startswith(("http://", "https://", "//")):
            continue
        if not action.startswith("/"):
            action = page_url.rsplit("/", 1)[0] + "/" + action
        form.action = action
        out.append(form)
    return out
