"""The demo company: a fictional metalworking SME, loaded by `obeya demo` and `make demo`."""
