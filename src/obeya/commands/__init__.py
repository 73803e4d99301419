"""The analysis commands of `obeya` (vsm, flow, simulate, spc and capability, ...): each module
here has `add_parser(subparsers)`, and its command loads only `obeya.core` and what it
needs, never Django, so it starts fast on big files."""

ANALYSIS_MODULES = ("vsm", "flow", "simulate", "spc")
