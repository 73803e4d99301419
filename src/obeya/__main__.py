import sys

from obeya.cli import main

sys.exit(main())
