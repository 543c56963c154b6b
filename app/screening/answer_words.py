"""A stored answer in words, in a given language: for the summary and for packets.

"Prefer not to say" is an answer of its own, distinct from "no" and from a
question that was not asked. A choice is shown as the option's own text in
that language, so "Who arranged?" reads with the option chosen.
"""

from __future__ import annotations

from app.i18n import N_, form_text, translate

YES_NO_WORDS = {"yes": N_("Yes"), "no": N_("No"), "unsure": N_("Not sure")}
DECLINED_WORDS = N_("Prefer not to say")
NOT_ASKED_WORDS = N_("not asked")
NONE_CHOSEN_WORDS = N_("none of these")


def answer_source(question, record) -> list[tuple[str, str]]:
    """The answer as source texts to translate: (kind, text) pairs.

    Kinds: "ui" (an app label), "form" (a questionnaire text), "as_is" (a
    number, date or free text, shown as it is). None `question`: the form is
    gone, so the stored value is shown as it is.
    """
    if record is None:
        return [("ui", NOT_ASKED_WORDS)]
    if getattr(record, "declined", False):
        return [("ui", DECLINED_WORDS)]
    value = getattr(record, "value", record)
    kind = getattr(question, "type", None)
    if kind == "yes_no" and value in YES_NO_WORDS:
        return [("ui", YES_NO_WORDS[value])]
    if kind in ("single", "multiple"):
        chosen = value if isinstance(value, list) else [value]
        if not chosen:
            return [("ui", NONE_CHOSEN_WORDS)]
        return [
            ("form", option.text) if (option := question.option(v)) else ("as_is", str(v))
            for v in chosen
        ]
    return [("as_is", str(value))]


def answer_words(question, record, lang: str, *, separator: str = ", ") -> str:
    """The answer `record` (value and declined, or None) to `question` in words, in `lang`."""
    return separator.join(
        form_text(lang, text) if kind == "form" else translate(text, lang) if kind == "ui" else text
        for kind, text in answer_source(question, record)
    )
