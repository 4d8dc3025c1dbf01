"""The public API is flat: convref.__all__, each object named convref.<name>, each with a doctest, each on the API page."""

import doctest
import inspect
import pickle
import re
import types
from pathlib import Path

import pytest

import convref
from convref import models

DOCS = Path(__file__).resolve().parent.parent / "docs"


def has_examples(obj):
    doc = inspect.getdoc(obj) or ""
    return "\nExamples\n--------\n" in doc and bool(doctest.DocTestParser().get_examples(doc))


def test_all_lists_each_public_object_once():
    assert len(convref.__all__) == len(set(convref.__all__))
    for name in convref.__all__:
        assert hasattr(convref, name), name
        assert not isinstance(getattr(convref, name), types.ModuleType), f"{name}: submodules are not in __all__"
    # Nothing public is left out: every object named convref.<name> is listed.
    named_here = {name for name, obj in vars(convref).items()
                  if not name.startswith("_") and getattr(obj, "__module__", None) == "convref"}
    assert named_here == set(convref.__all__)


@pytest.mark.parametrize("name", convref.__all__)
def test_public_object_is_named_convref_and_has_a_doctest(name):
    obj = getattr(convref, name)
    assert obj.__module__ == "convref"
    assert obj.__qualname__ == name
    assert has_examples(obj), f"convref.{name} has no Examples section with a doctest"


def test_public_names_appear_in_reprs_and_pickles():
    assert repr(convref.Conv2d) == "<class 'convref.Conv2d'>"
    assert convref.Summary.render.__module__ == "convref"
    layer = convref.ConvTranspose3d(4, 2, 3, stride=2, groups=2)
    assert pickle.loads(pickle.dumps(layer)) == layer
    assert pickle.loads(pickle.dumps(convref.window_fit(9, 4))) == convref.window_fit(9, 4)


@pytest.mark.parametrize("call, name", [
    (lambda: convref.Conv2d(3), "Conv2d.__init__()"),
    (lambda: convref.ConvTranspose3d(3, 4, 2, bogus=1), "ConvTranspose3d.__init__()"),
    (lambda: convref.conv2d(), "conv2d()"),
    (lambda: convref.summary(), "summary()"),
])
def test_a_wrong_call_names_the_public_object(call, name):
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value).startswith(name)


def test_models_and_figures_are_public_submodules():
    figures = pytest.importorskip("convref.figures")
    for module, name in [(models, "convref.models"), (figures, "convref.figures")]:
        for attribute in module.__all__:
            obj = getattr(module, attribute)
            assert obj.__module__ == name, attribute
            assert has_examples(obj), f"{name}.{attribute} has no Examples section with a doctest"


DIRECTIVE = re.compile(r"^\.\. auto(?:function|class|module):: (\S+)", re.MULTILINE)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_api_page_documents_every_public_name_under_its_flat_name(lang):
    text = (DOCS / lang / "api.md").read_text(encoding="utf-8")
    documented = DIRECTIVE.findall(text)
    assert len(documented) == len(set(documented)), "a name is documented twice"
    flat = {name.removeprefix("convref.") for name in documented if name.count(".") == 1}
    assert flat - {"models", "figures"} == set(convref.__all__)
    assert {"convref", "convref.models", "convref.figures"} <= set(documented)
    assert all(name.count(".") <= 1 for name in documented), "only flat names and the public submodules"


def test_both_api_pages_have_the_same_directives():
    english, spanish = (DIRECTIVE.findall((DOCS / lang / "api.md").read_text(encoding="utf-8"))
                        for lang in ("en", "es"))
    assert english == spanish
