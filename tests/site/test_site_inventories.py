"""The intersphinx inventories in conf/inventories are what tools/make_inventories.py writes."""

from __future__ import annotations


import pytest
from sphinx.util.inventory import InventoryFile

from _site import ROOT, load_script

tool = load_script("tools/make_inventories.py")


@pytest.mark.parametrize("filename", sorted(tool.INVENTORIES))
def test_regenerating_gives_the_committed_bytes(tmp_path, filename):
    assert tool.main(["--output-dir", str(tmp_path)]) == 0
    committed = ROOT / "conf" / "inventories" / filename
    assert committed.read_bytes() == (tmp_path / filename).read_bytes(), (
        f"{committed} is stale: run python tools/make_inventories.py and commit the result")


def test_sphinx_reads_them_with_the_real_urls():
    inventory = InventoryFile.loads((ROOT / "conf" / "inventories" / "torch.inv").read_bytes(),
                                    uri="https://docs.pytorch.org/docs/stable/")
    conv2d = inventory["py:class", "torch.nn.Conv2d"]
    assert conv2d.uri == "https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html#torch.nn.Conv2d"
    numpy = InventoryFile.loads((ROOT / "conf" / "inventories" / "numpy.inv").read_bytes(),
                                uri="https://numpy.org/doc/stable/")
    assert numpy["py:function", "numpy.lib.stride_tricks.sliding_window_view"].uri == (
        "https://numpy.org/doc/stable/reference/generated/"
        "numpy.lib.stride_tricks.sliding_window_view.html#numpy.lib.stride_tricks.sliding_window_view")


def test_a_missing_output_folder_is_a_clear_error(tmp_path, capsys):
    assert tool.main(["--output-dir", str(tmp_path / "nope")]) == 2
    assert "no such directory" in capsys.readouterr().err
