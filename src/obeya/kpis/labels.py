"""The words for the KPI advice computed in obeya.core.kpi, in French and English."""

from django.utils.translation import gettext_lazy as _

CHART_REASONS = {
    "individual": _(
        "One value per period: the XmR chart judges each value against limits drawn from the "
        "moving range between consecutive values."
    ),
    "subgroup_of_one": _("A subgroup of one value is an individual value: the XmR chart suits it."),
    "subgroups_small": _(
        "Subgroups of up to 9 values: the Xbar-R chart follows the mean and the range of each "
        "subgroup; the range estimates the spread well for small subgroups."
    ),
    "subgroups_large": _(
        "Subgroups of 10 values or more: the Xbar-S chart, whose standard deviation uses every "
        "value of the subgroup, estimates the spread better than the range."
    ),
    "subgroups_varying": _(
        "Subgroups of varying sizes: the Xbar-S chart computes limits for each subgroup size."
    ),
    "proportion_constant": _(
        "Defectives out of samples of the same size: the np chart counts them directly."
    ),
    "proportion_varying": _(
        "Defectives out of samples of varying sizes: the p chart follows the proportion, with "
        "limits for each sample size."
    ),
    "defect_count": _(
        "Defects counted in the same area of opportunity each time: the c chart (Poisson)."
    ),
    "defects_per_unit": _(
        "Defects over a varying number of units: the u chart follows defects per unit, with "
        "limits for each number of units."
    ),
}

STATUS_LABELS = {
    "on_target": _("On target"),
    "off_target": _("Off target"),
    "alert": _("Alert"),
    "no_target": _("No target"),
    "no_data": _("No measurement yet"),
}
