"""`python -m ui`: start the GUI."""

import sys

from ui.main import main

sys.exit(main())
