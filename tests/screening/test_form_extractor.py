"""The babel extractor yields every text of a form, with its line and a note."""

from __future__ import annotations

import io

from babel.messages.extract import extract

from app.screening.extractor import extract_forms

from .conftest import FIXTURES, REAL_FORMS

MINI = FIXTURES / "good" / "mini-screening.yaml"


def _extract(path):
    with path.open("rb") as handle:
        return list(extract_forms(handle, {}, [], {}))


def test_every_text_is_extracted_with_its_line(mini_form):
    found = _extract(MINI)
    # Each text is extracted in its form's context, so forms translate on their own.
    assert {context for _, _, (context, _), _ in found} == {"mini-screening"}
    found = [(lineno, funcname, message, notes) for lineno, funcname, (_, message), notes in found]
    texts = [message for _, _, message, _ in found]
    assert set(texts) == set(mini_form.texts())
    lines = MINI.read_text(encoding="utf-8").splitlines()
    for lineno, funcname, message, comments in found:
        assert funcname == "pgettext"
        first_words = message.splitlines()[0][:20]
        # The text starts on its line (block scalars start on the line after `key: |`).
        assert first_words in lines[lineno - 1] or first_words in lines[lineno], (lineno, message)
        assert comments and comments[0].startswith("form mini-screening")
    by_text = {message: (lineno, comments) for lineno, _, message, comments in found}
    assert by_text["Never"][0] == 87
    assert "question days_off, answer option never" in by_text["Never"][1][0]
    assert "(for the interviewer)" in by_text["Keep the questions short."][1][0]


def test_shipped_forms_extract_every_text():
    from app.screening.loader import load_form

    for path in REAL_FORMS:
        form = load_form(path)
        assert {m for _, _, m, _ in _extract(path)} == {(form.id, t) for t in form.texts()}


def test_works_through_babel_and_tolerates_broken_yaml():
    results = list(extract(extract_forms, io.BytesIO(MINI.read_bytes())))
    assert any(message == "Mini screening" for _, message, _, _ in results)
    assert list(extract_forms(io.BytesIO(b"id: [unclosed\n"), {}, [], {})) == []
    assert list(extract_forms(io.BytesIO(b"\xff\xfe"), {}, [], {})) == []
