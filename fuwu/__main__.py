"""`python -m fuwu …` is the same as the `fuwu` console script."""

import sys

from fuwu.cli import main

sys.exit(main())
