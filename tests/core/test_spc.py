"""Control charts against the published cases of ../shared/reference/spc (qcc, qicharts2 /
Montgomery): every limit within 0.05 %, every flagged point exactly."""

from __future__ import annotations

import csv
import json

import pytest
from reference_data import SPC

from obeya.core.spc import (
    SpcError,
    c_chart,
    control_chart,
    p_chart,
    u_chart,
    xbar_r_chart,
    xbar_s_chart,
    xmr_chart,
)
from obeya.core.spc_constants import QCC, TEXTBOOK

REF = SPC
pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="shared/reference/spc not present")

REL = 5e-4  # 0.05 %


def rows(name: str) -> list[dict[str, str]]:
    with (REF / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


def published(name: str) -> dict:
    return json.loads((REF / name).read_text())["published"]


def col(data, key, cast=float):
    return [cast(r[key]) for r in data]


def approx(value):
    return pytest.approx(value, rel=REL, abs=1e-12)


# --- individuals ---------------------------------------------------------------------------


def test_viscosity_phase_one_limits_and_batch_4_as_qcc_prints():
    pub = published("xmr_viscosity_qcc.json")
    data = rows("xmr_viscosity_qcc.csv")
    values = col(data, "viscosity")
    x, _mr = xmr_chart(values[:20], rules=[1, 4])
    ref = pub["phaseI_MR_sigma"]
    assert x.center[0] == approx(ref["center"])
    assert x.phases[0].sigma == approx(ref["sigma"])
    assert (x.lcl[0], x.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert x.flagged() == pub["out_of_control_phaseI"]["points"]  # qcc: 1 violation, batch 4


def test_viscosity_with_sigma_from_the_standard_deviation():
    ref = published("xmr_viscosity_qcc.json")["phaseI_SD_sigma"]
    x, _ = xmr_chart(col(rows("xmr_viscosity_qcc.csv"), "viscosity"), baseline=20, sigma_from="sd")
    assert x.phases[0].sigma == approx(ref["sigma"])
    assert (x.lcl[0], x.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))


def test_viscosity_revised_limits_after_removing_batch_4():
    ref = published("xmr_viscosity_qcc.json")["revised_after_removing_batch4"]
    data = [r for r in rows("xmr_viscosity_qcc.csv") if r["batch"] != "4"]
    x, _ = xmr_chart(col(data, "viscosity"), baseline=ref["phaseI_n"], rules=[1])
    assert x.center[-1] == approx(ref["center"])
    assert x.phases[0].sigma == approx(ref["sigma"])
    assert (x.lcl[-1], x.ucl[-1]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    # batch 28 (the 27th point once batch 4 is gone) is the one beyond the revised limits
    assert x.flagged(1) == [27]


def test_antifreeze_limits_with_both_sigmas():
    pub = published("xmr_antifreeze_qcc.json")
    values = col(rows("xmr_antifreeze_qcc.csv"), "water")
    for key, sigma_from in (("MR_sigma", "moving_range"), ("SD_sigma", "sd")):
        x, _ = xmr_chart(values, sigma_from=sigma_from)
        ref = pub[key]
        assert x.center[0] == approx(ref["center"])
        assert x.phases[0].sigma == approx(ref["sigma"])
        assert (x.lcl[0], x.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))


def test_loan_cost_frozen_baseline_limits_and_flags_as_qicharts2():
    pub = published("xmr_loan_cost_montgomery_qicharts2.json")
    x, mr = xmr_chart(col(rows("xmr_loan_cost_montgomery_qicharts2.csv"), "cost"), baseline=20)
    i, m = pub["I_chart"], pub["MR_chart"]
    assert x.center[0] == approx(i["center"])
    assert (x.lcl[0], x.ucl[0]) == (approx(i["LCL"]), approx(i["UCL"]))
    assert x.flagged(1) == i["points_beyond_limits"]
    assert mr.center[0] == approx(m["center_mr_bar"])
    assert mr.ucl[0] == approx(m["UCL"])  # D4 = 3.26726 (qcc's d3/d2) vs qicharts2's 3.267
    assert mr.lcl[0] == 0
    assert mr.flagged(1) == m["points_beyond_limits"]


def test_loan_cost_mr_limit_with_the_rounded_d4_qicharts2_uses():
    ref = published("xmr_loan_cost_montgomery_qicharts2.json")["MR_chart"]
    values = col(rows("xmr_loan_cost_montgomery_qicharts2.csv"), "cost")
    _, mr = xmr_chart(values, baseline=20, constants=TEXTBOOK)
    assert mr.ucl[0] == pytest.approx(ref["UCL"], rel=1e-7)
    _, ours = xmr_chart(values, baseline=20, constants=QCC)
    assert ours.ucl[0] / mr.ucl[0] - 1 == pytest.approx(9.06e-5, rel=0.01)  # 0.009 %


# --- subgroups -----------------------------------------------------------------------------


def test_piston_rings_xbar_r_and_s_as_qcc_prints():
    pub = published("xbar_r_s_pistonrings_qcc.json")
    data = rows("xbar_r_s_pistonrings_qcc.csv")
    values, samples = col(data, "diameter"), col(data, "sample", int)
    xbar, r = xbar_r_chart(values, samples, baseline=25)
    ref = pub["Xbar_chart"]
    assert xbar.center[0] == approx(ref["center"])
    assert xbar.phases[0].sigma == approx(ref["sigma"])
    assert (xbar.lcl[0], xbar.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    ref = pub["R_chart"]
    assert r.center[0] == approx(ref["center"])
    assert (r.lcl[0], r.ucl[0]) == (ref["LCL"], approx(ref["UCL"]))
    # samples 37-39 of phase II fall above the frozen limits (computed check)
    assert xbar.flagged(1) == [37, 38, 39]
    _, s = xbar_s_chart(values, samples, baseline=25)
    ref = pub["S_chart"]
    assert s.center[0] == approx(ref["center"])
    assert s.phases[0].sigma == approx(ref["sigma"])
    assert (s.lcl[0], s.ucl[0]) == (ref["LCL"], approx(ref["UCL"]))


def test_piston_rings_xbar_s_equal_sizes_as_qicharts2():
    pub = published("xbar_s_pistonrings_montgomery_qicharts2.json")
    data = rows("xbar_s_pistonrings_montgomery_ex6_3_qicharts2.csv")
    xbar, s = xbar_s_chart(col(data, "obs"), col(data, "sample", int))
    ref = pub["ex6_3_Xbar"]
    assert xbar.center[0] == approx(ref["center"])
    assert (xbar.lcl[0], xbar.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert xbar.flagged(1) == ref["points_beyond_limits"]
    ref = pub["ex6_3_S"]
    assert s.center[0] == approx(ref["center_s_bar"])
    assert (s.lcl[0], s.ucl[0]) == (ref["LCL"], approx(ref["UCL"]))
    assert s.flagged(1) == []


def test_piston_rings_xbar_s_varying_sizes_limits_per_size():
    pub = published("xbar_s_pistonrings_montgomery_qicharts2.json")
    data = rows("xbar_s_pistonrings_varying_n_montgomery_ex6_4_qicharts2.csv")
    samples = col(data, "sample", int)
    result = control_chart("xbar-s", col(data, "obs"), subgroups=samples)
    xbar, s = result["xbar"], result["s"]
    sizes = {k: samples.count(k) for k in dict.fromkeys(samples)}
    assert xbar.center[0] == approx(pub["ex6_4_Xbar_variable_n"]["center"])
    assert s.center[0] == approx(pub["ex6_4_S_variable_n"]["center_s_bar"])
    for i, n in enumerate(sizes.values()):
        lim = pub["ex6_4_Xbar_variable_n"]["limits_by_subgroup_size"][str(n)]
        assert (xbar.lcl[i], xbar.ucl[i]) == (approx(lim["LCL"]), approx(lim["UCL"]))
        lim = pub["ex6_4_S_variable_n"]["limits_by_subgroup_size"][str(n)]
        assert (s.lcl[i], s.ucl[i]) == (lim["LCL"], approx(lim["UCL"]))
    assert xbar.flagged(1) == s.flagged(1) == []
    chart = result.to_dict()["charts"][0]
    assert chart["lcl"] is None and chart["ucl"] is None  # they vary with the size


# --- attributes ----------------------------------------------------------------------------


def test_orange_juice_p_and_np_charts_as_qcc_prints():
    pub = published("p_np_orangejuice_qcc.json")
    data = rows("p_np_orangejuice_qcc.csv")
    d, n = col(data, "D"), col(data, "size")
    p = p_chart(d[:30], n[:30], rules=[1])
    ref = pub["p_chart_phaseI_30"]
    assert p.center[0] == approx(ref["center"])
    assert p.phases[0].sigma == approx(ref["sigma"])
    assert (p.lcl[0], p.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert p.flagged(1) == pub["out_of_control_phaseI"]["points"]
    np_ = p_chart(d[:30], n[:30], counts=True)
    ref = pub["np_chart_phaseI_30"]
    assert np_.center[0] == approx(ref["center"])
    assert np_.phases[0].sigma == approx(ref["sigma"])
    assert (np_.lcl[0], np_.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))


def test_orange_juice_revised_limits_excluding_15_and_23():
    ref = published("p_np_orangejuice_qcc.json")["p_chart_revised_28_excluding_15_23"]
    data = rows("p_np_orangejuice_qcc.csv")[:30]
    p = p_chart(col(data, "D"), col(data, "size"), exclude=[15, 23], rules=[1])
    assert p.phases[0].baseline_points == 28
    assert p.center[0] == approx(ref["center"])
    assert p.phases[0].sigma == approx(ref["sigma"])
    assert (p.lcl[0], p.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert p.flagged(1) == ref["cross_check_qicharts2"]["points_beyond_revised_limits_samples_1_30"]


def test_orange_juice_2_lower_limit_floors_at_zero():
    ref = published("p_np_orangejuice_qcc.json")["orangejuice2_p_chart"]
    data = rows("p_orangejuice2_qcc.csv")
    p = p_chart(col(data, "D"), col(data, "size"), baseline=ref["phaseI_n_groups"])
    assert p.center[0] == approx(ref["center"])
    assert p.phases[0].sigma == approx(ref["sigma"])
    assert (p.lcl[0], p.ucl[0]) == (ref["LCL"], approx(ref["UCL"]))


def test_p_chart_with_varying_sample_sizes_point_by_point():
    pub = published("p_varying_n_montgomery_tbl7_4_qicharts2.json")
    data = rows("p_varying_n_montgomery_tbl7_4_qicharts2.csv")
    p = p_chart(col(data, "count"), col(data, "size"), rules=[1])
    assert p.center[0] == approx(pub["center_pbar"])
    for i, ref in enumerate(pub["per_sample"]):
        assert p.values[i] == approx(ref["p"])
        assert p.lcl[i] == (approx(ref["LCL"]) if ref["LCL"] else 0)
        assert p.ucl[i] == approx(ref["UCL"])
    assert p.flagged(1) == pub["points_beyond_limits"]


def test_circuit_boards_c_chart_flags_6_and_20_then_revised():
    pub = published("c_u_circuit_qcc.json")
    data = rows("c_u_circuit_qcc.csv")
    counts = col(data, "x")
    c = c_chart(counts[:26], rules=[1])
    ref = pub["c_chart_phaseI_26"]
    assert c.center[0] == approx(ref["center"])
    assert c.phases[0].sigma == approx(ref["sigma"])
    assert (c.lcl[0], c.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert c.flagged(1) == pub["out_of_control_phaseI"]["points"]
    revised = c_chart(counts[:26], exclude=[6, 20])
    ref = pub["c_chart_revised_24_excluding_6_20"]
    assert revised.center[0] == approx(ref["center"])
    assert revised.phases[0].sigma == approx(ref["sigma"])
    assert (revised.lcl[0], revised.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))


def test_circuit_boards_u_chart_per_board_and_its_one_phase_two_signal():
    pub = published("c_u_circuit_qcc.json")
    data = [r for r in rows("c_u_circuit_qcc.csv") if r["sample"] not in ("6", "20")]
    counts, sizes = col(data, "x"), col(data, "size")
    u = u_chart(counts, sizes, baseline=24, rules=[1, 4])
    ref = pub["u_chart_revised_24_per_board"]
    assert u.center[0] == approx(ref["center"])
    assert u.phases[0].sigma == approx(ref["sigma"])
    assert (u.lcl[0], u.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    # qcc's test: exactly one violation with rules 1 and 4; it is the 8th point in a row below
    # the center line (position 28, sample 30)
    assert len(u.flagged()) == pub["u_chart_with_phaseII_violation_count"]["count"]
    assert u.flagged() == [28] and u.rules_at(28) == [4]


def test_pc_manufacturing_u_chart():
    ref = published("u_pcmanufact_qcc.json")
    data = rows("u_pcmanufact_qcc.csv")
    u = u_chart(col(data, "x"), col(data, "size"))
    assert u.center[0] == approx(ref["center"])
    assert u.phases[0].sigma == approx(ref["sigma"])
    assert (u.lcl[0], u.ucl[0]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert u.flagged(1) == []


def test_dyed_cloth_u_chart_with_varying_units_point_by_point():
    pub = published("u_varying_n_dyedcloth.json")
    data = rows("u_varying_n_dyedcloth.csv")
    u = u_chart(col(data, "x"), col(data, "size"))
    assert u.center[0] == approx(pub["center_ubar_per_50m2"])
    for i, ref in enumerate(pub["per_roll"]):
        assert u.values[i] == approx(ref["u"])
        assert (u.lcl[i], u.ucl[i]) == (approx(ref["LCL"]), approx(ref["UCL"]))
    assert u.flagged(1) == pub["points_beyond_limits"]


# --- phases, baseline, run chart, errors ---------------------------------------------------


def test_phases_recompute_the_limits_from_each_phase():
    before = [10.0, 11, 9, 10, 12, 8, 10, 11, 9, 10]
    after = [5.0, 5.5, 4.5, 5, 6, 4, 5, 5.5, 4.5, 5]
    x, mr = xmr_chart(before + after, phase_starts=[11])
    assert [p.center for p in x.phases] == [10, 5]
    assert x.center[9] == 10 and x.center[10] == 5
    assert x.ucl[10] - x.center[10] == pytest.approx((x.ucl[0] - x.center[0]) / 2)
    assert 11 not in mr.index.tolist()  # the range across the change belongs to no phase
    assert x.flagged(1) == []
    one = xmr_chart(before + after)[0]
    assert one.flagged(1)  # one set of limits over both sees the shift


def test_run_chart_centers_on_the_median_and_flags_a_run_against_it():
    values = [1, 2, 3, 4, 5, 6, 7, *[20] * 8, 0]
    run = control_chart("run", values, target=4.0, rule_set="we")["run"]
    assert run.center[0] == 13.5
    assert run.target == 4.0
    assert run.to_dict()["lcl"] is None
    assert run.flagged(4) == [15]  # 8 in a row above the median: points 8-15


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"chart": "xmr", "values": [1.0]}, "value"),
        ({"chart": "xmr", "values": [1.0, float("nan"), 2.0]}, "point 2"),
        ({"chart": "p", "values": [1, 2], "sizes": None}, "size"),
        ({"chart": "p", "values": [1, 60], "sizes": [50, 50]}, "point 2"),
        ({"chart": "c", "values": [1, -2]}, "point 2"),
        ({"chart": "u", "values": [1, 2], "sizes": [1, 0]}, "size"),
        ({"chart": "xbar-r", "values": [1, 2, 3], "subgroups": [1, 1, 2]}, "subgroup 2"),
        ({"chart": "xmr", "values": [1, 2, 3], "baseline": 0}, "baseline"),
        ({"chart": "xmr", "values": [1, 2, 3], "rule_set": "iso"}, "rules"),
        ({"chart": "spline", "values": [1, 2, 3]}, "chart"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    chart = kwargs.pop("chart")
    values = kwargs.pop("values")
    with pytest.raises(SpcError, match=field):
        control_chart(chart, values, **kwargs)
