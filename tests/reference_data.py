"""Where the published reference data live (../shared/reference: SPC cases, event logs).

The workspace keeps them beside the repository; a clone elsewhere (a CI checkout in a temporary
folder) finds them at the workspace's absolute path. Tests that reproduce published numbers
read them from here rather than each guessing the path.
"""

from __future__ import annotations

from pathlib import Path

_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "shared" / "reference",
    Path("/work/shared/reference"),
)

REFERENCE = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[-1])
SPC = REFERENCE / "spc"
EVENT_LOGS = REFERENCE / "eventlogs"
