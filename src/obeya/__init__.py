"""Obeya: the Lean facilitator's workspace.

`obeya.core` holds the maths and never imports Django; the Django apps beside it hold the
project's data, pages and API.
"""

__version__ = "0.1.0"
