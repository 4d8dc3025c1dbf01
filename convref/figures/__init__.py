"""Figures drawn at build time, in the language of the page that shows them.

Every helper returns a :class:`matplotlib.figure.Figure` and takes
``lang=None``, meaning the page's language (see :func:`page_language`).
matplotlib is needed only here: ``pip install convref[figures]``.
"""

from ._style import page_language
from .channels import channels_figure
from .depth import depth_figure
from .matrix import matrix_figure
from .params import parameters_figure
from .sliding import sliding_window_figure
from .family import connections_figure
from .compare import difference_figure
from .layouts import layout_figure
from .training import color_task_figure, learning_curves_figure, slices_drift_figure

__all__ = ["page_language", "channels_figure", "depth_figure", "matrix_figure", "parameters_figure", "sliding_window_figure",
           "color_task_figure", "learning_curves_figure", "slices_drift_figure",
           "connections_figure", "difference_figure", "layout_figure"]
