import sys

from pleitbrief.cli import main

sys.exit(main())
