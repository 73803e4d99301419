"""How the web layer words the keys of the core (obeya.core.problem_solving, obeya.core.effect)."""

from django.utils.translation import gettext_lazy as _

WHY_FINDINGS = {
    "root_cause_not_at_end": _(
        "A root cause is the end of its chain: this one is explained further."
    ),
    "root_cause_shallow": _("Found early in the chain: ask why once more, it may be a symptom."),
    "root_cause_without_evidence": _("No evidence yet: go and see, measure, test."),
    "root_cause_to_verify": _("To verify on the ground before acting on it."),
    "root_cause_rejected": _("Rejected by the verification: not a root cause."),
    "chain_without_root_cause": _("This chain stops without reaching a root cause."),
}

REASONS = {
    "not_improved": _("The KPI did not move in its good direction."),
    "not_significant": _("The shift is within the usual variation (p ≥ 0.05)."),
    "rule1_after": _("Points after the change are beyond their own control limits."),
}
