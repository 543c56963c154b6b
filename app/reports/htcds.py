"""The questionnaires' indicators coded in HTCDS terms (IOM's Human Trafficking Case Data Standard).

Values are spelled as in CTDC's published data dictionary (meansOfControl...,
typeOfLabour..., typeOfSex..., majorityStatus). A mapping is keyed by form,
question and, for a question that feeds two dimensions, the dimension; a
question with no HTCDS value is listed in UNMAPPED with the reason, so a new
indicator question in a form is noticed (tests/reports/test_htcds.py) rather
than silently left out. docs/reports.md has the table in words.
"""

from __future__ import annotations

# (form id, question id, dimension id or "*") -> HTCDS meansOfControl value
MEANS_OF_CONTROL: dict[tuple[str, str, str], str] = {
    ("adult-screening", "job_different", "*"): "FalsePromises",
    ("adult-screening", "pay_lower_than_promised", "*"): "FalsePromises",
    ("adult-screening", "papers_not_given", "*"): "FalsePromises",
    ("adult-screening", "paid_for_job", "*"): "DebtBondage",
    ("adult-screening", "forced_to_go", "*"): "PhysicalAbuse",
    ("adult-screening", "threatened_to_go", "*"): "Threats",
    ("adult-screening", "hours_per_day", "*"): "ExcessiveWorkingHours",
    ("adult-screening", "day_off", "*"): "ExcessiveWorkingHours",
    ("adult-screening", "pay", "coercion_destination"): "TakesEarnings",
    ("adult-screening", "pay_deductions", "*"): "TakesEarnings",
    ("adult-screening", "client_money_kept", "*"): "TakesEarnings",
    ("adult-screening", "can_refuse_clients", "*"): "Other",
    ("adult-screening", "can_leave_job", "*"): "RestrictsMovement",
    ("adult-screening", "go_out_freely", "*"): "RestrictsMovement",
    ("adult-screening", "contact_family", "*"): "Other",
    ("adult-screening", "papers_kept", "*"): "WithholdsDocuments",
    ("adult-screening", "debt_work", "*"): "DebtBondage",
    ("adult-screening", "violence", "*"): "PhysicalAbuse",
    ("adult-screening", "threats", "*"): "Threats",
    ("adult-screening", "threat_report", "*"): "ThreatOfLawEnforcement",
    ("adult-screening", "told_what_to_say", "*"): "PsychologicalAbuse",
    ("child-screening", "promised_things", "*"): "FalsePromises",
    ("child-screening", "forced_to_go", "*"): "PhysicalAbuse",
    ("child-screening", "long_hours", "*"): "ExcessiveWorkingHours",
    ("child-screening", "food_and_sleep", "*"): "WithholdsNecessities",
    ("child-screening", "can_leave", "*"): "RestrictsMovement",
    ("child-screening", "kept_inside", "*"): "RestrictsMovement",
    ("child-screening", "hurt_by_someone", "*"): "PhysicalAbuse",
    ("child-screening", "threatened", "*"): "Threats",
    ("child-screening", "debt", "*"): "DebtBondage",
    ("child-screening", "contact_family", "*"): "Other",
    ("child-screening", "papers_holder", "*"): "WithholdsDocuments",
    ("border-triage", "papers_held", "*"): "WithholdsDocuments",
    ("border-triage", "debt_for_travel", "*"): "DebtBondage",
    ("border-triage", "promise_broken", "*"): "FalsePromises",
    ("border-triage", "made_to_work", "*"): "Other",
    ("border-triage", "hurt_or_threatened", "*"): "Threats",
    ("border-triage", "controlled", "*"): "RestrictsMovement",
    ("border-triage", "told_what_to_say", "*"): "PsychologicalAbuse",
}

# Indicator questions that are deliberately not a means of control, and why.
UNMAPPED: dict[tuple[str, str], str] = {
    ("adult-screening", "need_used"): "recruitment by abuse of vulnerability (recruitment table)",
    ("adult-screening", "recruiter_power"): "who recruited, not how the person is controlled",
    ("adult-screening", "under_18_at_start"): "age at the start (majority status)",
    ("adult-screening", "work_dangerous"): "working conditions, not control",
    ("adult-screening", "housing_bad"): "living conditions, not control",
    ("adult-screening", "can_protect_health"): "working conditions, not control",
    ("adult-screening", "depends_on_employer"): "a vulnerability, not a means of control",
    ("adult-screening", "status_fear"): "a vulnerability, not a means of control",
    ("adult-screening", "family_depends"): "a vulnerability, not a means of control",
    ("adult-screening", "speaks_language"): "a vulnerability, not a means of control",
    ("adult-screening", "work_not_agreed"): "involuntary work (forced labour table)",
    ("adult-screening", "forced_to_break_law"): "type of exploitation (illicit activities)",
    ("adult-screening", "forced_marriage"): "type of exploitation (forced marriage)",
    ("child-screening", "who_cares_for_you"): "care arrangement (a vulnerability)",
    ("child-screening", "trusted_adult"): "care arrangement (a vulnerability)",
    ("child-screening", "left_home"): "movement (recruitment table)",
    ("child-screening", "who_arranged"): "who arranged the move (recruitment table)",
    ("child-screening", "arranged_by"): "who arranged the move (recruitment table)",
    ("child-screening", "money_for_child"): "recruitment (recruitment table)",
    ("child-screening", "work_kind"): "type of work (type of exploitation table)",
    ("child-screening", "no_school"): "working conditions, not control",
    ("child-screening", "work_hurt"): "working conditions, not control",
    ("child-screening", "sexual_exploitation"): "type of exploitation (typeOfSex)",
    ("child-screening", "sex_exchange"): "type of exploitation (typeOfSex)",
    ("border-triage", "child_alone"): "a child alone (majority status, a vulnerability)",
    ("border-triage", "under_18"): "age (majority status)",
    ("border-triage", "age_uncertain"): "age (majority status)",
    ("border-triage", "travels_with_guardian"): "a child alone (a vulnerability)",
    ("border-triage", "fear_of_return"): "a vulnerability, not a means of control",
    ("border-triage", "safe_to_talk"): "safety of the interview, not a means of control",
}

MEANS_OF_CONTROL_VALUES = (
    "DebtBondage",
    "TakesEarnings",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "FalsePromises",
    "RestrictsMovement",
    "ExcessiveWorkingHours",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
)

# The kind of work a person reported: (form id, question id) -> option id -> HTCDS value.
TYPE_OF_WORK: dict[tuple[str, str], dict[str, str]] = {
    ("adult-screening", "work_type"): {
        "farm": "typeOfLabourAgriculture",
        "fishing": "typeOfLabourAquafarming",
        "factory": "typeOfLabourManufacturing",
        "construction": "typeOfLabourConstruction",
        "domestic": "typeOfLabourDomesticWork",
        "hotel_restaurant": "typeOfLabourHospitality",
        "street": "typeOfLabourPeddling",
        "entertainment": "typeOfLabourOther",
        "sex_work": "typeOfSexProstitution",
        "other": "typeOfLabourOther",
    },
    ("child-screening", "work_kind"): {
        "housework": "typeOfLabourDomesticWork",
        "farm_fishing": "typeOfLabourAgriculture",
        "factory_building": "typeOfLabourManufacturing",
        "street": "typeOfLabourPeddling",
        "bars": "typeOfLabourOther",
        "illegal": "typeOfLabourIllicitActivities",
        "other": "typeOfLabourOther",
    },
}
# Indicators that name a type of exploitation whatever work was named.
EXPLOITATION_INDICATORS: dict[tuple[str, str], str] = {
    ("child-screening", "sexual_exploitation"): "typeOfSexPrivateSexualServices",  # version 1
    ("child-screening", "sex_exchange"): "typeOfSexProstitution",
    ("adult-screening", "forced_to_break_law"): "typeOfLabourIllicitActivities",
    ("adult-screening", "forced_marriage"): "isForcedMarriage",
}
TYPE_OF_WORK_VALUES = (
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourPeddling",
    "typeOfLabourOther",
    "typeOfSexProstitution",
    "typeOfSexPrivateSexualServices",
    "isForcedMarriage",
)

# Recruitment dimensions (the ILO-EC groups the forms score) -> the value shared.
RECRUITMENT: dict[tuple[str, str], str] = {
    ("adult-screening", "deceptive_recruitment"): "recruitmentDeceptive",
    ("adult-screening", "coercive_recruitment"): "recruitmentCoercive",
    ("adult-screening", "recruitment_vulnerability"): "recruitmentAbuseOfVulnerability",
    ("child-screening", "recruitment_movement"): "recruitmentOfChild",
    ("border-triage", "deceptive_recruitment"): "recruitmentDeceptive",
}
RECRUITMENT_VALUES = (
    "recruitmentDeceptive",
    "recruitmentCoercive",
    "recruitmentAbuseOfVulnerability",
    "recruitmentOfChild",
)

# The ILO forced-labour dimensions (adult screening, version 2): involuntary
# work and the menace of a penalty, each counted when positive; both together
# are forced labour (HTCDS isForcedLabour).
FORCED_LABOUR: dict[tuple[str, str], str] = {
    ("adult-screening", "involuntary_work"): "involuntaryWork",
    ("adult-screening", "menace_of_penalty"): "menaceOfPenalty",
}
FORCED_LABOUR_VALUES = ("involuntaryWork", "menaceOfPenalty")

# HTCDS majorityStatus from the questionnaire's audience.
MAJORITY_STATUS = {"adult": "Adult", "child": "Minor"}


def means_of_control(form_id: str, question_id: str, dimension_id: str) -> str | None:
    """The HTCDS means of control an indicator stands for, or None."""
    return MEANS_OF_CONTROL.get((form_id, question_id, dimension_id)) or MEANS_OF_CONTROL.get(
        (form_id, question_id, "*")
    )
