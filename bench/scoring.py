"""How long scoring a screen takes: a 40-question form and the shipped adult form.

`score()` runs when an interview ends, when a summary opens, for `forms score`
and for every vignette. The figure is the whole call (visible questions,
dimensions, outcome rules, the explanation in words); the baseline, in the same
run, is the least any scorer does: one pass over the same answers counting the
matching indicators per dimension.

    .venv/bin/python bench/scoring.py      # prints the figures as JSON
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language
from app.screening.loader import find_form, parse_form_text
from app.screening.model import AnswerRecord, Form
from app.screening.scoring import score

DIMENSIONS = ("deception", "exploitation", "coercion", "vulnerability", "involuntary", "menace")
STRENGTHS = ("strong", "medium", "weak")


def forty_question_form() -> Form:
    """A form of 40 yes/no questions over six dimensions, shaped like the adult form."""
    lines = [
        "id: bench-forty",
        "version: 1",
        "title: Forty questions",
        "audience: adult",
        "source_language: en",
        "consent_script: Consent.",
        "closing_script: Closing.",
        "dimensions:",
    ]
    groups = ("recruitment", "exploitation", "coercion", "coercion", "forced", "forced")
    for dimension, group in zip(DIMENSIONS, groups, strict=True):
        lines += [f"  - id: {dimension}", f"    title: {dimension.title()}", f"    group: {group}"]
    lines += [
        "scoring:",
        "  dimension_rule:",
        "    - {strong: 2}",
        "    - {strong: 1, medium: 1}",
        "    - {medium: 3}",
        "    - {medium: 2, weak: 1}",
        "  outcomes:",
    ]
    rules = [
        (
            "full",
            "refer",
            "positive_group('recruitment') and positive_group('exploitation')"
            " and positive_group('coercion')",
        ),
        ("control", "refer", "positive_group('exploitation') and positive_group('coercion')"),
        ("forced", "refer", "positive('involuntary') and positive('menace') or q7 == 'yes'"),
        ("unknown", "undetermined", "unknown_share() >= 0.5"),
        (
            "some",
            "no_referral",
            "count_indicators('strong') >= 1 or count_indicators('medium') >= 1",
        ),
        ("none", "no_referral", "true"),
    ]
    for level, decision, when in rules:
        lines += [
            f"    - id: {level}",
            f"      title: Level {level}",
            f"      rule: The rule of {level}.",
            f"      decision: {decision}",
            f'      when: "{when}"',
        ]
    lines += ["sections:", "  - id: all", "    title: All", "    questions:"]
    for number in range(1, 41):
        dimension = DIMENSIONS[number % len(DIMENSIONS)]
        strength = STRENGTHS[number % len(STRENGTHS)]
        lines += [
            f"      - id: q{number}",
            f"        text: Question {number}?",
            "        type: yes_no",
        ]
        if number > 20:
            lines.append(f"        show_if: \"q{number - 20} != 'no' or q1 == 'yes'\"")
        lines += [
            "        indicators:",
            f"          - {{dimension: {dimension}, strength: {strength}}}",
        ]
    form, problems = parse_form_text("\n".join(lines) + "\n", "bench-forty.yaml")
    if form is None:
        raise SystemExit("\n".join(str(p) for p in problems))
    return form


def answer_sets(form: Form, count: int, seed: int = 7) -> list[dict[str, AnswerRecord]]:
    """Random complete answer sets: yes, no, not sure or declined."""
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        answers = {}
        for question in form.questions:
            pick = rng.random()
            if pick < 0.05:
                answers[question.id] = AnswerRecord(None, True)
            elif question.type == "yes_no":
                value = "yes" if pick < 0.3 else "unsure" if pick < 0.35 else "no"
                answers[question.id] = AnswerRecord(value)
            elif question.options:
                answers[question.id] = AnswerRecord(
                    [question.options[0].id]
                    if question.type == "multiple"
                    else question.options[0].id
                )
        sets.append(answers)
    return sets


def _baseline(form: Form, answers: dict[str, AnswerRecord]) -> dict[str, int]:
    counts = {d.id: 0 for d in form.dimensions}
    for question in form.questions:
        record = answers.get(question.id)
        if record is None or record.declined:
            continue
        for indicator in question.indicators:
            if record.value in indicator.on:
                counts[indicator.dimension] += 1
    return counts


def _timed(function, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append(time.perf_counter() - started)
    return times


def measure(form: Form, runs: int = 400) -> dict:
    """p50, p95 and max of score() over `runs` answer sets, with the counting baseline."""
    sets = answer_sets(form, runs)
    score(form, sets[0])  # first call pays for catalog loading, not measured
    scored = _timed(lambda answers: score(form, answers), sets)
    counted = _timed(lambda answers: _baseline(form, answers), sets)
    p95 = sorted(scored)[int(0.95 * len(scored)) - 1]
    return {
        "questions": len(form.questions),
        "runs": runs,
        "score_p50_s": statistics.median(scored),
        "score_p95_s": p95,
        "score_max_s": max(scored),
        "count_baseline_p50_s": statistics.median(counted),
        "ratio_p50": statistics.median(scored) / statistics.median(counted),
    }


def scoring(runs: int = 400) -> dict:
    """The figures for docs/benchmarks.md: the 40-question form and the adult form."""
    set_language("en")
    return {
        "forty": measure(forty_question_form(), runs),
        "adult": measure(find_form("adult-screening"), runs),
    }


if __name__ == "__main__":
    print(json.dumps(scoring(), indent=2))
