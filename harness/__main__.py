"""`python -m harness` is the `kata` command."""
import sys

from .cli import main

sys.exit(main())
