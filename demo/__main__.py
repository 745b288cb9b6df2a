"""`python -m demo` (the same as `python -m bot demo`)."""

import sys

from demo.run import main

sys.exit(main(sys.argv[1:]))
