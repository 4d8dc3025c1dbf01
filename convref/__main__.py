"""``python -m convref``: the command line of :mod:`convref.cli`."""

from .cli import main

# Guarded so that importing the module (pytest --doctest-modules does) runs nothing.
if __name__ == "__main__":
    raise SystemExit(main())
