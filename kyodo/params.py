"""Query parameters, read one way on every page: typed, bounded parsers with a translated message.

Every list, report and export view reads `request.GET` through `QueryParams` and nothing else.
A value a parser cannot use never reaches a query or `kyodo.fiscal`:

- on a page, the parser falls back to the page's default and says so in a warning message
  (a corrected page: a bookmarked link with a stale value still shows something useful);
- on a download or a printable document (`strict=True`), the request is answered 400 with the
  reason (`BadParameter`, rendered by `kyodo.errors.bad_request`): a file or a print of another
  year than the one asked for would mislead whoever reads it.

Parameters a view does not read are ignored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .fiscal import current_fiscal_year, fiscal_year_label

T = TypeVar("T")

#: The first fiscal year the portal reports on; nothing older exists in its data.
FIRST_FISCAL_YEAR = 2000
#: The largest primary key a query may ask for (PostgreSQL's bigint).
MAX_ID = 2**63 - 1
#: The largest version or revision number (PostgreSQL's integer).
MAX_NUMBER = 2**31 - 1
#: Page numbers beyond this are not pages of any list the portal shows.
MAX_PAGE = 100_000


class BadParameter(BadRequest):
    """A query parameter that cannot be read; its message (translated) says which and why."""


class QueryParams:
    """The query string of one request, read through typed parsers."""

    def __init__(self, request: HttpRequest, *, strict: bool = False) -> None:
        self.request = request
        self.strict = strict

    def raw(self, name: str) -> str:
        """The parameter's last value with surrounding blanks removed ("" when absent)."""
        return self.request.GET.get(name, "").strip()

    def _reject(self, name: str, value: str, problem: str, default: T, instead: str = "") -> T:
        message = _("The parameter “%(name)s” (“%(value)s”) was not understood: %(problem)s") % {
            "name": Truncator(name).chars(20), "value": Truncator(value).chars(20), "problem": problem,
        }
        if self.strict:
            raise BadParameter(message)
        messages.warning(self.request, f"{message} {instead}".strip())
        return default

    @staticmethod
    def _number_problem(value: str, minimum: int, maximum: int) -> str:
        """Why `value` is not a whole number from `minimum` to `maximum` ("" when it is)."""
        # Only ASCII digits: int() would also take "١٢", "1_000" or a thousand-digit number.
        digits = value[1:] if value[:1] in "+-" else value
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 20):
            return _("enter a whole number.")
        if not minimum <= int(value) <= maximum:
            return _("enter a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum}
        return ""

    def integer(self, name: str, *, default: T, minimum: int, maximum: int) -> int | T:
        """A whole number from `minimum` to `maximum`; `default` when absent or unusable."""
        value = self.raw(name)
        if not value:
            return default
        if problem := self._number_problem(value, minimum, maximum):
            return self._reject(name, value, problem, default)
        return int(value)

    def object_id(self, name: str) -> int | None:
        """The primary key of a row the view looks up itself (None when absent or unusable)."""
        return self.integer(name, default=None, minimum=1, maximum=MAX_ID)

    def number(self, name: str) -> int | None:
        """A version or revision number: a positive whole number (None when absent or unusable)."""
        return self.integer(name, default=None, minimum=1, maximum=MAX_NUMBER)

    def fiscal_year(self, name: str = "fy") -> int:
        """A fiscal year the portal has data for, or soon may: from FIRST_FISCAL_YEAR to next
        year. The current fiscal year when absent or unusable."""
        current = current_fiscal_year()
        value = self.raw(name)
        if not value:
            return current
        if problem := self._number_problem(value, FIRST_FISCAL_YEAR, current + 1):
            instead = _("Showing %(year)s instead.") % {"year": fiscal_year_label(current)}
            return self._reject(name, value, problem, current, instead)
        return int(value)

    def choice(self, name: str, choices: Iterable[str], default: str = "") -> str:
        """One of `choices` (exactly as written); `default` when absent or unusable."""
        value = self.raw(name)
        if not value:
            return default
        if value in {str(c) for c in choices}:
            return value
        return self._reject(name, value, _("choose one of the options offered."), default)

    def page(self, name: str = "page") -> int:
        """A page number. Past the last page, the paginator shows the last one: a list that
        shrank since the link was made is normal, not an error."""
        return self.integer(name, default=1, minimum=1, maximum=MAX_PAGE)

    def query_without(self, *names: str) -> str:
        """The query string without `names`, for links that set them again (pagination)."""
        query = self.request.GET.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()

    def bind(self, filterset_class, **kwargs):
        """A django-filter FilterSet bound to the query string. Its form is the parser of its own
        parameters: a value it cannot use is left out of the filter and shown as an error on
        the filter form (the corrected page), never passed to the database."""
        return filterset_class(self.request.GET or None, **kwargs)
