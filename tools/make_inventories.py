#!/usr/bin/env python3
"""Write the intersphinx inventories (Python, NumPy, PyTorch, Matplotlib) that the site ships.

The build never uses the internet, so it cannot download the real objects.inv
files. This script writes conf/inventories/numpy.inv, torch.inv and
matplotlib.inv in Sphinx's inventory format (version 2) from a
curated list of the objects our pages and docstrings reference, each with its
real public documentation URL (relative to the base URL that conf.py's
intersphinx_mapping gives).

To link a new object: add it below, run
``python tools/make_inventories.py`` and commit the .inv files.
``tests/test_site_inventories.py`` checks that the committed files are what this
script writes.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "conf" / "inventories"

# (name, domain:role, page). The anchor is the object's name (written "$" in
# the format) unless the page already has one; base URLs are in conf/conf.py.
NUMPY = [
    ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html"),
    ("numpy.dtype", "py:class", "reference/generated/numpy.dtype.html"),
    ("numpy.float64", "py:attribute", "reference/arrays.scalars.html"),
    ("numpy.float32", "py:attribute", "reference/arrays.scalars.html"),
    ("numpy.array", "py:function", "reference/generated/numpy.array.html"),
    ("numpy.asarray", "py:function", "reference/generated/numpy.asarray.html"),
    ("numpy.zeros", "py:function", "reference/generated/numpy.zeros.html"),
    ("numpy.pad", "py:function", "reference/generated/numpy.pad.html"),
    ("numpy.einsum", "py:function", "reference/generated/numpy.einsum.html"),
    ("numpy.tensordot", "py:function", "reference/generated/numpy.tensordot.html"),
    ("numpy.matmul", "py:function", "reference/generated/numpy.matmul.html"),
    ("numpy.convolve", "py:function", "reference/generated/numpy.convolve.html"),
    ("numpy.correlate", "py:function", "reference/generated/numpy.correlate.html"),
    ("numpy.allclose", "py:function", "reference/generated/numpy.allclose.html"),
    ("numpy.transpose", "py:function", "reference/generated/numpy.transpose.html"),
    ("numpy.lib.stride_tricks.sliding_window_view", "py:function",
     "reference/generated/numpy.lib.stride_tricks.sliding_window_view.html"),
    ("numpy.lib.stride_tricks.as_strided", "py:function",
     "reference/generated/numpy.lib.stride_tricks.as_strided.html"),
    ("numpy.random.default_rng", "py:function", "reference/random/generator.html"),
    ("numpy.random.Generator", "py:class", "reference/random/generator.html"),
    ("numpy.testing.assert_allclose", "py:function",
     "reference/generated/numpy.testing.assert_allclose.html"),
]

TORCH = [
    ("torch.Tensor", "py:class", "tensors.html"),
    ("torch.tensor", "py:function", "generated/torch.tensor.html"),
    ("torch.from_numpy", "py:function", "generated/torch.from_numpy.html"),
    ("torch.nn.Module", "py:class", "generated/torch.nn.Module.html"),
    ("torch.nn.Conv1d", "py:class", "generated/torch.nn.Conv1d.html"),
    ("torch.nn.Conv2d", "py:class", "generated/torch.nn.Conv2d.html"),
    ("torch.nn.Conv3d", "py:class", "generated/torch.nn.Conv3d.html"),
    ("torch.nn.ConvTranspose1d", "py:class", "generated/torch.nn.ConvTranspose1d.html"),
    ("torch.nn.ConvTranspose2d", "py:class", "generated/torch.nn.ConvTranspose2d.html"),
    ("torch.nn.ConvTranspose3d", "py:class", "generated/torch.nn.ConvTranspose3d.html"),
    ("torch.nn.Unfold", "py:class", "generated/torch.nn.Unfold.html"),
    ("torch.nn.Linear", "py:class", "generated/torch.nn.Linear.html"),
    ("torch.nn.functional.conv1d", "py:function", "generated/torch.nn.functional.conv1d.html"),
    ("torch.nn.functional.conv2d", "py:function", "generated/torch.nn.functional.conv2d.html"),
    ("torch.nn.functional.conv3d", "py:function", "generated/torch.nn.functional.conv3d.html"),
    ("torch.nn.functional.conv_transpose1d", "py:function",
     "generated/torch.nn.functional.conv_transpose1d.html"),
    ("torch.nn.functional.conv_transpose2d", "py:function",
     "generated/torch.nn.functional.conv_transpose2d.html"),
    ("torch.nn.functional.conv_transpose3d", "py:function",
     "generated/torch.nn.functional.conv_transpose3d.html"),
    ("torch.nn.functional.unfold", "py:function", "generated/torch.nn.functional.unfold.html"),
    ("torch.nn.functional.pad", "py:function", "generated/torch.nn.functional.pad.html"),
    ("torch.autograd.grad", "py:function", "generated/torch.autograd.grad.html"),
]

MATPLOTLIB = [
    ("matplotlib.figure.Figure", "py:class", "api/_as_gen/matplotlib.figure.Figure.html"),
    ("matplotlib.axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html"),
    ("matplotlib.pyplot.subplots", "py:function", "api/_as_gen/matplotlib.pyplot.subplots.html"),
]

PYTHON = [
    ("fractions.Fraction", "py:class", "library/fractions.html"),
]

INVENTORIES = {
    "python.inv": ("Python", PYTHON),
    "numpy.inv": ("NumPy", NUMPY),
    "torch.inv": ("PyTorch", TORCH),
    "matplotlib.inv": ("Matplotlib", MATPLOTLIB),
}


def inventory_bytes(project: str, entries) -> bytes:
    """The inventory file for ``entries``, byte for byte reproducible."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: stable\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    # name domain:role priority uri dispname; "$" in the uri is the name and
    # "-" as dispname means "same as the name".
    lines = [f"{name} {role} 1 {page if '#' in page else page + '#$'} -\n"
             for name, role, page in sorted(entries)]
    return header.encode() + zlib.compress("".join(lines).encode(), 9)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR,
                        help="where to write the .inv files (default: conf/inventories)")
    args = parser.parse_args(argv)
    if not args.output_dir.is_dir():
        print(f"make_inventories: {args.output_dir}: no such directory", file=sys.stderr)
        return 2
    for filename, (project, entries) in INVENTORIES.items():
        path = args.output_dir / filename
        path.write_bytes(inventory_bytes(project, entries))
        print(f"wrote {path} ({len(entries)} objects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
