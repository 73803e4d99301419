"""Framework-free analytics core: plain functions and frozen dataclasses over plain data.

Nothing in this package imports Django, so the CLI's analysis commands start fast and the maths
is tested on its own (tests/core/test_core_imports.py guards it).
"""
