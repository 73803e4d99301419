"""The words the roadmap shows for each check, in French and English.

A check's label reads as the requirement; `PENDING_LABELS` says which module will hold the data
of a check that cannot be judged yet.
"""

from django.utils.translation import gettext_lazy as _

CHECK_LABELS = {
    "scope": _("Scope defined (area, product family or process)"),
    "context": _("Company stakes and constraints written down"),
    "value_stream_map": _("Current-state value stream map"),
    "field_observations": _("Factual field observations"),
    "diagnostic_grid": _("Diagnostic grid with techno-economic data"),
    "objectives": _("Company objectives stated"),
    "three_measurable_axes": _("At least three priority axes with measurable objectives"),
    "decision_tool": _("Priorities justified by a decision tool"),
    "sponsor": _("Sponsor named in management to ratify the levers"),
    "levers_justified": _("Levers justified economically (ROI, payback, break-even)"),
    "levers_ratified": _("Levers ratified by management"),
    "facilitator": _("Facilitator named"),
    "teams_formed": _("Improvement teams formed, each with a leader and members in roles"),
    "team_objectives": _("Each team has an objective tied to a KPI, a target and a deadline"),
    "skills_and_trainings": _("Skills matrix of the area, each skill gap covered by a training"),
    "meetings": _("Meetings held with minutes, and the next ones planned"),
    "actions_planned": _("Actions planned"),
    "actions_owned_and_dated": _("Every open action has an owner and a due date"),
    "no_overdue_actions": _("No overdue action"),
    "obstacles_and_resistance": _(
        "Obstacles and resistance to change logged, each unresolved one with its response"
    ),
    "stakeholder_map": _("Stakeholders placed on the map (influence and attitude)"),
    "progress_reviews": _("Reviews of difficulties and progress written"),
    "kpi_referential": _(
        "KPI referential (definition, frequency, chart), each measurable axis pointing to its KPI"
    ),
    "measurements": _("Every KPI measured and charted over time"),
    "root_causes": _("Each problem analysed down to a root cause confirmed by evidence"),
    "verified_by_measurement": _(
        "Corrections verified by measurement (a problem closed on its effect)"
    ),
    "standards": _("Good practice written as standards"),
    "deployment": _("Deployment proposed to other areas"),
    "results_validated": _("Results validated by data"),
    "communication": _("Results shown to each audience"),
}

PENDING_LABELS = {
    "standards": _("arrives with the Standardise module"),
    "deployment": _("arrives with the Standardise module"),
    "results_validated": _("arrives with the Valorise module"),
    "communication": _("arrives with the Valorise module"),
}

STATUS_LABELS = {
    "not_started": _("Not started"),
    "in_progress": _("In progress"),
    "done": _("Done"),
    "pending": _("Module to come"),
}
