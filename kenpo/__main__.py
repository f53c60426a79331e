"""``python -m kenpo build|validate|macros``: the command line lives in kenpo.build.cli."""

import sys

from kenpo.build.cli import main

if __name__ == "__main__":
    sys.exit(main())
