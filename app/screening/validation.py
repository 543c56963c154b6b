"""Checking a parsed questionnaire and building the Form, one Problem per mistake.

Every problem names the file, line and column and says what is wrong in plain
words, so an author can fix a form without reading code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from app.i18n import SOURCE_LANGUAGE, _
from app.screening import expressions
from app.screening.expressions import Call, Expr, Literal, Name
from app.screening.model import (
    ANSWER_TYPES,
    AUDIENCES,
    STRENGTHS,
    YES_NO_VALUES,
    Dimension,
    Form,
    Indicator,
    Option,
    Question,
    Section,
)
from app.screening.needs import build_need_rules
from app.screening.person_hints import build_person_hint
from app.screening.problems import FORM_ID_RE, ID_RE, FieldChecker, Problem, show_value
from app.screening.scoring_section import build_rule, build_scoring
from app.screening.yaml_source import Document, Position, YList, YMap

FORM_KEYS = {
    "id": True,
    "version": True,
    "title": True,
    "audience": True,
    "source_language": True,
    "description": False,
    "estimated_minutes": False,
    "consent_script": True,
    "closing_script": True,
    "dimensions": False,
    "scoring": True,
    "sections": True,
    "retired_questions": False,
}
DIMENSION_KEYS = {"id": True, "title": True, "group": True, "rule": False}
SECTION_KEYS = {"id": True, "title": True, "guidance": False, "questions": True}
QUESTION_KEYS = {
    "id": True,
    "text": True,
    "help": False,
    "type": True,
    "options": False,
    "min": False,
    "max": False,
    "show_if": False,
    "indicators": False,
    "needs": False,
    "person": False,
}
OPTION_KEYS = {"id": True, "text": True}
INDICATOR_KEYS = {"dimension": True, "strength": True, "on": False}
CHOICE_TYPES = ("single", "multiple")


def build_form(
    document: Document, file: str, path: Path | None = None
) -> tuple[Form | None, list[Problem]]:
    """The Form described by `document`, or None with the problems found."""
    check = FieldChecker(file)
    for duplicate in document.duplicates:
        check.add(
            duplicate.position,
            _("key {key} is written twice in the same place").format(key=duplicate.key),
        )
    root = check.mapping(document.root, Position(1, 1), _("the questionnaire"))
    if root is None:
        return None, check.problems
    form = _FormBuilder(check, root, path).build()
    if check.problems:
        return None, sorted(check.problems, key=lambda p: (p.line, p.column))
    return form, []


class _FormBuilder:
    def __init__(self, check: FieldChecker, root: YMap, path: Path | None) -> None:
        self.check = check
        self.root = root
        self.path = path
        self.dimensions: dict[str, Dimension] = {}
        self.groups: set[str] = set()
        self.questions: dict[str, Question] = {}
        self.number = 0

    def build(self) -> Form | None:
        check, root = self.check, self.root
        form_what = _("the questionnaire")
        check.keys(root, FORM_KEYS, form_what)
        form_id = check.ident(root, "id", form_what, FORM_ID_RE)
        check.context = form_id
        version = check.integer(root, "version", form_what, 1)
        audience = check.text(root, "audience", form_what)
        if audience and audience not in AUDIENCES:
            check.add(
                root.value_at("audience"),
                _("audience must be one of {allowed}, not {value}").format(
                    allowed=", ".join(AUDIENCES), value=audience
                ),
            )
        source = check.text(root, "source_language", form_what)
        if source and source != SOURCE_LANGUAGE:
            check.add(
                root.value_at("source_language"),
                _("source_language must be {code}: the catalogs translate from it").format(
                    code=SOURCE_LANGUAGE
                ),
            )
        self.build_dimensions()
        sections = self.build_sections()
        retired = self.build_retired()
        rule, outcomes = build_scoring(
            self.check, self.root, self.dimensions, self.check_references
        )
        if check.problems:
            return None
        return Form(
            id=form_id,
            version=version,
            title=check.text(root, "title", form_what),
            audience=audience,
            source_language=source,
            description=check.text(root, "description", form_what),
            estimated_minutes=check.integer(root, "estimated_minutes", form_what, 1),
            consent_script=check.text(root, "consent_script", form_what),
            closing_script=check.text(root, "closing_script", form_what),
            dimensions=tuple(self.dimensions.values()),
            dimension_rule=rule,
            outcomes=outcomes,
            sections=sections,
            path=self.path,
            retired_questions=retired,
        )

    def build_dimensions(self) -> None:
        check = self.check
        items = check.items(self.root, "dimensions", _("the questionnaire"), required=False)
        for index, item in enumerate(items or []):
            mapping = check.mapping(item, items.item_at(index), _("a dimension"))
            if mapping is None:
                continue
            what = _("dimension {number}").format(number=index + 1)
            check.keys(mapping, DIMENSION_KEYS, what)
            dimension_id = check.ident(mapping, "id", what, ID_RE)
            group = check.ident(mapping, "group", what, ID_RE)
            if dimension_id in self.dimensions:
                check.add(
                    mapping.value_at("id"),
                    _("duplicate dimension id {id}").format(id=dimension_id),
                )
            elif dimension_id:
                rule = build_rule(check, mapping) if "rule" in mapping else ()
                self.dimensions[dimension_id] = Dimension(
                    dimension_id, check.text(mapping, "title", what), group, rule
                )
                self.groups.add(group)

    def build_sections(self) -> tuple[Section, ...]:
        check = self.check
        items = check.items(self.root, "sections", _("the questionnaire"))
        sections: list[Section] = []
        seen: set[str] = set()
        for index, item in enumerate(items or []):
            mapping = check.mapping(item, items.item_at(index), _("a section"))
            if mapping is None:
                continue
            what = _("section {id}").format(id=mapping.get("id", index + 1))
            check.keys(mapping, SECTION_KEYS, what)
            section_id = check.ident(mapping, "id", what, ID_RE)
            if section_id in seen:
                check.add(
                    mapping.value_at("id"), _("duplicate section id {id}").format(id=section_id)
                )
            seen.add(section_id)
            questions = []
            question_items = check.items(mapping, "questions", what)
            for q_index, q_item in enumerate(question_items or []):
                question = self.build_question(q_item, question_items.item_at(q_index), section_id)
                if question is not None:
                    questions.append(question)
            sections.append(
                Section(
                    id=section_id,
                    title=check.text(mapping, "title", what),
                    guidance=check.text(mapping, "guidance", what),
                    questions=tuple(questions),
                )
            )
        return tuple(sections)

    def build_retired(self) -> tuple[Question, ...]:
        """Questions of earlier versions: kept to show old answers, never asked or scored."""
        check = self.check
        items = check.items(self.root, "retired_questions", _("the questionnaire"), required=False)
        live, number = dict(self.questions), self.number
        self.questions = {}  # duplicates among retired questions; clashes with live ones below
        retired: list[Question] = []
        for index, item in enumerate(items or []):
            question = self.build_question(item, items.item_at(index), "")
            if question is None:
                continue
            mapping = item if isinstance(item, YMap) else None
            for key in ("show_if", "indicators"):
                if mapping is not None and key in mapping:
                    check.add(
                        mapping.key_at(key),
                        _("a retired question is never asked or scored: remove {key}").format(
                            key=key
                        ),
                    )
            if question.id in live:
                check.add(
                    mapping.value_at("id") if mapping is not None else items.item_at(index),
                    _("retired question {id} is still asked in the form: use a new id").format(
                        id=question.id
                    ),
                )
            retired.append(dataclasses.replace(question, number=0))
        self.questions, self.number = live, number
        return tuple(retired)

    def build_question(self, item: object, position: Position, section_id: str) -> Question | None:
        check = self.check
        mapping = check.mapping(item, position, _("a question"))
        if mapping is None:
            return None
        self.number += 1
        what = _("question {id}").format(id=mapping.get("id", self.number))
        check.keys(mapping, QUESTION_KEYS, what)
        question_id = check.ident(mapping, "id", what, ID_RE)
        if question_id in self.questions:
            check.add(
                mapping.value_at("id"),
                _("duplicate question id {id} (first used on line {line})").format(
                    id=question_id, line=self.questions[question_id].line
                ),
            )
        answer_type = check.text(mapping, "type", what)
        if answer_type and answer_type not in ANSWER_TYPES:
            check.add(
                mapping.value_at("type"),
                _("type {value} in {what} is not one of {allowed}").format(
                    value=answer_type, what=what, allowed=", ".join(ANSWER_TYPES)
                ),
            )
        options = self.build_options(mapping, what, answer_type)
        low = check.number(mapping, "min", what)
        high = check.number(mapping, "max", what)
        for key in ("min", "max"):
            if key in mapping and answer_type and answer_type != "number":
                check.add(
                    mapping.key_at(key),
                    _("{key} is only for number questions").format(key=key),
                )
        if low is not None and high is not None and low > high:
            check.add(
                mapping.value_at("min"), _("min is larger than max in {what}").format(what=what)
            )
        show_if, show_if_expr = None, None
        if "show_if" in mapping:
            show_if, show_if_expr = check.expression(mapping, "show_if", what)
            if show_if_expr is not None:
                self.check_references(mapping, "show_if", show_if_expr, question_id)
        indicators = self.build_indicators(mapping, what, answer_type, options)
        needs = build_need_rules(
            check,
            mapping,
            what,
            answer_type,
            lambda rule: self.indicator_values(rule, answer_type, options),
        )
        person = build_person_hint(check, mapping, what, answer_type, options)
        question = Question(
            id=question_id,
            text=check.text(mapping, "text", what),
            type=answer_type,
            section_id=section_id,
            number=self.number,
            help=check.text(mapping, "help", what),
            options=options,
            min=low,
            max=high,
            show_if=show_if,
            show_if_expr=show_if_expr,
            indicators=indicators,
            line=mapping.position.line,
            needs=needs,
            person=person,
        )
        if question_id and question_id not in self.questions:
            self.questions[question_id] = question
        return question

    def build_options(self, mapping: YMap, what: str, answer_type: str) -> tuple[Option, ...]:
        check = self.check
        if answer_type in CHOICE_TYPES and "options" not in mapping:
            check.add(mapping.position, _("{what} has no options").format(what=what))
            return ()
        if "options" not in mapping:
            return ()
        if answer_type and answer_type not in CHOICE_TYPES:
            check.add(
                mapping.key_at("options"),
                _("options are only for single and multiple choice questions"),
            )
        items = check.items(mapping, "options", what)
        options: list[Option] = []
        for index, item in enumerate(items or []):
            option_map = check.mapping(item, items.item_at(index), _("an option"))
            if option_map is None:
                continue
            option_what = _("an option of {what}").format(what=what)
            check.keys(option_map, OPTION_KEYS, option_what)
            option_id = check.ident(option_map, "id", option_what, ID_RE)
            if option_id and any(o.id == option_id for o in options):
                check.add(
                    option_map.value_at("id"),
                    _("duplicate option id {id} in {what}").format(id=option_id, what=what),
                )
            options.append(Option(option_id, check.text(option_map, "text", option_what)))
        return tuple(options)

    def build_indicators(
        self, mapping: YMap, what: str, answer_type: str, options: tuple[Option, ...]
    ) -> tuple[Indicator, ...]:
        check = self.check
        items = check.items(mapping, "indicators", what, required=False)
        if items and answer_type and answer_type not in ("yes_no", *CHOICE_TYPES):
            check.add(
                mapping.key_at("indicators"),
                _("indicators need a yes_no, single or multiple question"),
            )
            return ()
        indicators: list[Indicator] = []
        for index, item in enumerate(items or []):
            ind = check.mapping(item, items.item_at(index), _("an indicator"))
            if ind is None:
                continue
            ind_what = _("an indicator of {what}").format(what=what)
            check.keys(ind, INDICATOR_KEYS, ind_what)
            dimension = check.text(ind, "dimension", ind_what)
            if dimension and dimension not in self.dimensions:
                check.add(
                    ind.value_at("dimension"),
                    _("unknown dimension {id} (declare it under dimensions)").format(id=dimension),
                )
            strength = check.text(ind, "strength", ind_what)
            if strength and strength not in STRENGTHS:
                check.add(
                    ind.value_at("strength"),
                    _("strength must be one of {allowed}, not {value}").format(
                        allowed=", ".join(STRENGTHS), value=strength
                    ),
                )
            values = self.indicator_values(ind, answer_type, options)
            indicators.append(Indicator(dimension, strength, values))
        return tuple(indicators)

    def indicator_values(
        self, ind: YMap, answer_type: str, options: tuple[Option, ...]
    ) -> tuple[str, ...]:
        check = self.check
        if "on" not in ind:
            if answer_type in CHOICE_TYPES:
                check.add(
                    ind.position, _("an indicator of a choice question needs on: [option ids]")
                )
            return ("yes",)
        raw = ind["on"]
        values = raw if isinstance(raw, YList) else None
        if values is None or not values:
            check.add(ind.value_at("on"), _("on must be a list of answer values"))
            return ()
        allowed = (
            YES_NO_VALUES
            if answer_type == "yes_no"
            else tuple(dict.fromkeys(o.id for o in options))
        )
        result: list[str] = []
        for index, value in enumerate(values):
            if not isinstance(value, str) or (answer_type and value not in allowed):
                if answer_type in CHOICE_TYPES:
                    message = _("unknown option id {value} in on (options: {allowed})")
                else:
                    message = _("{value} is not a {type} answer (use {allowed})")
                check.add(
                    values.item_at(index),
                    message.format(
                        value=show_value(value), type=answer_type, allowed=", ".join(allowed)
                    ),
                )
                continue
            result.append(value)
        return tuple(result)

    def check_references(self, mapping: YMap, key: str, expr: Expr, own_id: str | None) -> None:
        """Names must be questions; in show_if, earlier ones; ids must exist."""
        check = self.check
        in_condition = own_id is not None
        all_ids = self.all_question_ids()

        def at(node: Expr) -> Position:
            return check.inside(mapping, key, node.offset)

        for node in expressions.walk(expr):
            if isinstance(node, Name):
                name = node.name
                if in_condition and name == own_id:
                    check.add(
                        at(node), _("show_if of {id} refers to itself (a cycle)").format(id=name)
                    )
                elif in_condition and name not in self.questions and name in all_ids:
                    check.add(
                        at(node),
                        _(
                            "show_if refers to {id}, which comes later in the form:"
                            " a condition may only use earlier answers"
                        ).format(id=name),
                    )
                elif name not in all_ids:
                    check.add(at(node), _("unknown question id {id}").format(id=name))
            elif isinstance(node, Call):
                self.check_call(node, at, in_condition)

    def check_call(self, node: Call, at: Callable[[Expr], Position], in_condition: bool) -> None:
        check = self.check
        function = node.function
        if in_condition and function in expressions.DIMENSION_FUNCTIONS:
            check.add(
                at(node),
                _("{name}() can only be used in an outcome's when, not in show_if").format(
                    name=function
                ),
            )
            return
        arg = node.args[-1] if node.args else None
        value = arg.value if isinstance(arg, Literal) else None
        if function in ("positive", "found") and value not in self.dimensions:
            check.add(at(arg), _("unknown dimension {id}").format(id=value))
        elif function == "positive_group" and value not in self.groups:
            check.add(at(arg), _("no dimension has group {id}").format(id=value))
        elif function == "count_indicators" and value not in STRENGTHS:
            check.add(
                at(arg),
                _("strength must be one of {allowed}, not {value}").format(
                    allowed=", ".join(STRENGTHS), value=value
                ),
            )
        elif function == "selected":
            target = node.args[0]
            question = self.questions.get(target.name) if isinstance(target, Name) else None
            if question is None:
                return  # reported as an unknown or later name
            if question.type not in CHOICE_TYPES:
                check.add(
                    at(target),
                    _("selected() needs a choice question; {id} is {type}").format(
                        id=question.id, type=question.type
                    ),
                )
            elif question.option(str(value)) is None:
                check.add(
                    at(arg),
                    _("unknown option id {value} of question {id}").format(
                        value=value, id=question.id
                    ),
                )
        elif function == "count_yes":
            for target in node.args:
                question = self.questions.get(target.name) if isinstance(target, Name) else None
                if question is not None and question.type != "yes_no":
                    check.add(
                        at(target),
                        _("count_yes() needs yes_no questions; {id} is {type}").format(
                            id=question.id, type=question.type
                        ),
                    )

    def all_question_ids(self) -> set[str]:
        ids: set[str] = set()
        sections = self.root.get("sections")
        for section in sections if isinstance(sections, list) else []:
            questions = section.get("questions") if isinstance(section, dict) else None
            for question in questions if isinstance(questions, list) else []:
                if isinstance(question, dict) and isinstance(question.get("id"), str):
                    ids.add(question["id"])
        return ids
