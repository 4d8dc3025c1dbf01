"""What a page's downloadable notebook defines in place of the site's build machinery.

Never imported: conf/_ext/notebooks.py reads this file's source, and copies
into each notebook's first code cell the definitions below that the page
needs, together with the definitions of conf/convref_site it imports (a
definition here replaces the site package's definition of the same name).
On the site, ``glue`` hands values to myst-nb for the prose; in a
notebook, whose prose already holds the values as text, it only keeps them
in ``glued``, where the cells that stand for the page's glued tables and
figures find them. ``PAGE_LANGUAGE`` is set to the page's language in each
notebook.
"""

import doctest

import IPython.display

PAGE_LANGUAGE = "en"

# The values the page glues, by key: the cells that show the page's tables and figures read them here.
glued = {}
# The "Check it yourself" examples share one namespace, apart from the cells', as under Sphinx's doctest.
examples_namespace = {}


def page_language():
    return PAGE_LANGUAGE


def glue(name, variable, display=True):
    glued[name] = variable
    if display:
        IPython.display.display(variable)


def _glue(values):
    # In the page these values go into the prose; the notebook's prose already holds them as text.
    glued.update(values)


def run_examples(examples, **names):
    """Run the examples of a "Check it yourself" block as doctest does, and say which one differs.

    ``names``: what the examples import from the site's package on the site.
    """
    examples_namespace.update(names)
    test = doctest.DocTestParser().get_doctest(examples, examples_namespace, "examples", None, 0)
    # Sphinx's default doctest flags, which the site's build checks these examples with.
    flags = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1
    outcome = doctest.DocTestRunner(optionflags=flags).run(test, clear_globs=False)
    assert outcome.failed == 0, f"{outcome.failed} of {outcome.attempted} examples printed something else (above)"
    for example in test.examples:
        print(">>> " + example.source.rstrip().replace("\n", "\n... "))
        if example.want:
            print(example.want, end="")
