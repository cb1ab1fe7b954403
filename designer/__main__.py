"""`python -m designer` runs the `ivr-designer` command."""

import sys

from designer.cli import main

sys.exit(main())
