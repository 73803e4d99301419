"""obeya.core must stay framework-free: the CLI's analysis commands rely on it."""

import subprocess
import sys


def test_importing_core_does_not_import_django():
    code = (
        "import sys, pkgutil, importlib, obeya.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'obeya.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
