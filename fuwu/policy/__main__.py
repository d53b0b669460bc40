"""`python -m fuwu.policy …` is the same as `fuwu policy …`."""

import sys

from fuwu.policy.cli import main

sys.exit(main())
