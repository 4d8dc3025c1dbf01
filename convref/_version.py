"""The version of convref, written once: the package, its command line and its build metadata read it here."""

__version__ = "0.1.0"
