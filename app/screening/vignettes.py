"""Form tests: answer sets with the decision a form must reach, for questionnaire authors.

A vignette file is YAML: one vignette, or a list of them. Each vignette names its
form, says who it stands for (`name`, and a one-line `rationale` drawn from a
published case typology), gives the answers by question id (`null` is "prefer
not to say", a missing id was not asked) and the `decision` the form must reach,
optionally also the `level`. `run_file` checks them against the forms and
reports each failure with the file and line of the vignette.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.domain.models import Decision
from app.i18n import _
from app.screening.engine import InvalidAnswer, validate_answer
from app.screening.model import DECISIONS, AnswerRecord, Form
from app.screening.scoring import Outcome, score
from app.screening.yaml_source import Position, YamlSourceError, YList, YMap, parse_yaml

VIGNETTE_KEYS = ("form", "name", "rationale", "answers", "decision", "level")
_REQUIRED = ("form", "name", "rationale", "answers", "decision")
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class VignetteResult:
    """One vignette checked: where it is, its name, and what went wrong (empty: passed)."""

    file: str
    line: int
    name: str
    problems: tuple[str, ...]
    outcome: Outcome | None = None

    @property
    def passed(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.name}: " + "; ".join(self.problems)


def answers_from_mapping(
    form: Form, data: Mapping[str, object]
) -> tuple[dict[str, AnswerRecord], list[str]]:
    """Answers for `form` from question id -> value (None: declined); and the unknown ids.

    Raises InvalidAnswer for a value the question cannot take. Answers to
    questions the form would not show are kept; scoring ignores them.
    """
    answers: dict[str, AnswerRecord] = {}
    unknown: list[str] = []
    for question_id, value in data.items():
        key = str(question_id)
        if not form.has_question(key):
            unknown.append(key)
            continue
        if value is None:
            answers[key] = AnswerRecord(None, declined=True)
        else:
            answers[key] = AnswerRecord(validate_answer(form.question(key), value))
    return answers, unknown


def _plain(value: object) -> object:
    # YAML mappings and lists with positions -> plain dicts and lists.
    if isinstance(value, YMap):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, YList):
        return [_plain(v) for v in value]
    return value


def _check_one(item: YMap, file: str, forms: Mapping[str, Form]) -> VignetteResult:
    line = item.position.line
    name = str(item.get("name") or _("vignette on line {line}").format(line=line))
    problems = [
        _("unknown key {key} (use {allowed})").format(key=key, allowed=", ".join(VIGNETTE_KEYS))
        for key in item
        if key not in VIGNETTE_KEYS
    ]
    problems += [_("{key} is missing").format(key=key) for key in _REQUIRED if key not in item]
    if not str(item.get("rationale") or "").strip() and "rationale" in item:
        problems.append(_("rationale is empty: say which published case typology it stands for"))
    form = forms.get(str(item.get("form", "")))
    if "form" in item and form is None:
        problems.append(_("no questionnaire with id {id}").format(id=item.get("form")))
    expected = str(item.get("decision", ""))
    if "decision" in item and expected not in DECISIONS:
        problems.append(
            _("decision must be one of {allowed}, not {value}").format(
                allowed=", ".join(DECISIONS), value=expected
            )
        )
    if (
        form is not None
        and "level" in item
        and not any(o.id == item["level"] for o in form.outcomes)
    ):
        problems.append(
            _("form {form} has no outcome level {level}").format(form=form.id, level=item["level"])
        )
    raw = item.get("answers")
    if "answers" in item and not isinstance(raw, YMap):
        problems.append(_("answers must be a mapping of question id to answer"))
    if problems or form is None or not isinstance(raw, YMap):
        return VignetteResult(file, line, name, tuple(problems))
    try:
        answers, unknown = answers_from_mapping(form, _plain(raw))
    except InvalidAnswer as error:
        return VignetteResult(file, line, name, (*problems, str(error)))
    problems += [
        _("unknown question id {id} in form {form}").format(id=qid, form=form.id) for qid in unknown
    ]
    if problems:
        return VignetteResult(file, line, name, tuple(problems))
    outcome = score(form, answers)
    if outcome.decision != Decision(expected):
        problems.append(
            _("expected decision {expected}, got {got} (level {level})").format(
                expected=expected, got=outcome.decision.value, level=outcome.level
            )
        )
    if "level" in item and outcome.level != item["level"]:
        problems.append(
            _("expected level {expected}, got {got}").format(
                expected=item["level"], got=outcome.level
            )
        )
    return VignetteResult(file, line, name, tuple(problems), outcome)


def run_text(text: str, file: str, forms: Mapping[str, Form]) -> list[VignetteResult]:
    """Check every vignette in YAML `text` (named `file` in messages)."""
    try:
        document = parse_yaml(text)
    except YamlSourceError as error:
        return [VignetteResult(file, error.position.line, _("the file"), (error.message,))]
    root = document.root
    items: Iterable[object] = root if isinstance(root, YList) else [root]
    results: list[VignetteResult] = []
    for duplicate in document.duplicates:
        results.append(
            VignetteResult(
                file,
                duplicate.position.line,
                _("the file"),
                (_("key {key} is written twice in the same place").format(key=duplicate.key),),
            )
        )
    for index, item in enumerate(items):
        if not isinstance(item, YMap):
            at = root.item_at(index) if isinstance(root, YList) else Position(1, 1)
            message = _("a vignette must be a mapping of keys and values")
            results.append(VignetteResult(file, at.line, _("the file"), (message,)))
            continue
        results.append(_check_one(item, file, forms))
    return results


def run_file(
    path: Path, forms: Mapping[str, Form], name: str | None = None
) -> list[VignetteResult]:
    """Check every vignette in the file at `path`."""
    file = name or str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [VignetteResult(file, 1, _("the file"), (_("the file is too large"),))]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        message = _("cannot read the file: {reason}").format(reason=reason)
        return [VignetteResult(file, 1, _("the file"), (message,))]
    return run_text(text, file, forms)


def vignette_paths(folder: Path) -> list[Path]:
    """The vignette files (*.yaml) in `folder` and its subfolders."""
    return sorted(folder.rglob("*.yaml")) if folder.is_dir() else []
