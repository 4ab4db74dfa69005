"""kyodo.forms: free text with a length limit people can see."""

from __future__ import annotations

from django import forms

from kyodo.forms import LONG_TEXT, FreeText


class NoteForm(forms.Form):
    note = FreeText(required=False)


def test_text_up_to_the_limit_is_accepted():
    form = NoteForm({"note": "あ" * LONG_TEXT})

    assert form.is_valid()


def test_text_over_the_limit_is_refused_with_the_limit_and_the_count():
    form = NoteForm({"note": "あ" * 100_000})

    assert not form.is_valid()
    [error] = form.errors["note"]
    assert str(LONG_TEXT) in error and "100000" in error


def test_a_line_break_counts_once_as_the_browser_counts_it():
    form = NoteForm({"note": "a" * (LONG_TEXT - 2) + "\r\n" + "b"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "a" * (LONG_TEXT - 2) + "\nb"


def test_the_textarea_tells_the_browser_the_limit():
    assert f'maxlength="{LONG_TEXT}"' in str(NoteForm()["note"])
