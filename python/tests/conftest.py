# The package under test is the installed one (the build's virtual
# environment), not python/veto in the source tree, which has no compiled
# extension.
import sys
import os

here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path
            if os.path.abspath(p or ".") != os.path.dirname(here)]
