"""Diagrams of convolutions, drawn with matplotlib: the optional extra ``figures``.

Every function returns a :class:`matplotlib.figure.Figure` built without
``matplotlib.pyplot``, and takes ``lang="en"`` or ``lang="es"`` for the words it prints
(English by default). Drawing changes no global matplotlib state
(``matplotlib.rcParams`` stays as it was), and the same figure gives the
same SVG bytes every time. A notebook displays the figure as SVG;
``fig.savefig(...)`` writes it. matplotlib is needed only here:
``pip install "convref[figures]"``.
"""

try:
    import matplotlib  # noqa: F401
except ImportError as error:
    raise ImportError(f'convref.figures draws with matplotlib, which is not installed ({error}): '
                      f'pip install "convref[figures]"') from None

from .channels import channels_figure
from .compare import difference_figure
from .depth import depth_figure
from .family import connections_figure
from .filters import filter_slices_figure
from .layouts import layout_figure
from .matrix import matrix_figure
from .params import parameters_figure
from .sliding import sliding_window_figure
from .training import color_task_figure, learning_curves_figure, slices_drift_figure
from .transposed import transposed_convolution_figure

__all__ = ["channels_figure", "color_task_figure", "connections_figure", "depth_figure", "difference_figure",
           "filter_slices_figure", "layout_figure", "learning_curves_figure", "matrix_figure", "parameters_figure",
           "slices_drift_figure", "sliding_window_figure", "transposed_convolution_figure"]
