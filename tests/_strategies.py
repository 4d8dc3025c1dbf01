"""Hypothesis helpers shared by the convolution and transposed-convolution tests."""

from hypothesis import strategies as st


def per_axis(draw, values, ndim):
    """Either one int for every axis or a tuple with one entry per axis, as PyTorch accepts."""
    if draw(st.booleans()):
        return draw(values)
    return tuple(draw(values) for _ in range(ndim))


def as_tuple(value, ndim):
    return value if isinstance(value, tuple) else (value,) * ndim


