"""Public objects carry the name readers import them by.

Everything public is defined in a submodule but imported from the package:
``convref.conv2d``, not ``convref.conv.conv2d``. :func:`set_module` (as
``numpy`` does) gives an object that name, so that reprs, error messages,
pickles and the API page all say ``convref.conv2d``. A class's methods get it
too: doctest collects a method's examples only where it finds its class.
"""

from __future__ import annotations


def set_module(module):
    """A decorator that makes ``obj.__module__`` (and its methods') ``module``."""

    def decorate(obj):
        obj.__module__ = module
        if isinstance(obj, type):
            for member in vars(obj).values():
                for function in (getattr(member, "__func__", member),
                                 *(getattr(member, part, None) for part in ("fget", "fset", "fdel"))):
                    if callable(function) and hasattr(function, "__code__"):
                        function.__module__ = module
        return obj

    return decorate


#: For objects of the flat API, ``import convref``.
public = set_module("convref")
