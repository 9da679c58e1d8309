"""``python -m policylib``: the command line."""

import sys

from policylib.cli import main

sys.exit(main())
