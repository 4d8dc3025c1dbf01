"""The site's terms in English and Spanish, with one-line definitions.

Every page of the Spanish tree uses the Spanish term of this glossary in its
prose: *núcleo*, not "kernel"; *paso*, not "stride". Each entry lists the
variants to avoid in running Spanish prose (English words that leak into
Spanish technical writing, and the Spanish words of machine translations and
other Spanish material, such as «zancada» for stride or «enredar» for
convolve), and :func:`find_avoided` finds them in a text, so a test can check
every Spanish page (tests/test_glossary.py; a passage marked
``<span lang="en">`` is English, not Spanish prose). Code, identifiers and inline
code keep the English names of the libraries (``kernel_size``, ``stride``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

from .language import checked_language
from .words import word

__all__ = ["Term", "GLOSSARY", "lookup", "avoided_terms", "find_avoided", "to_html"]


class Term(NamedTuple):
    """One entry of the glossary.

    Fields: ``en`` and ``es`` (the term in each language, as the site writes
    it), ``definition_en`` and ``definition_es`` (one line each), and
    ``avoid_es`` (a tuple of words that Spanish prose should not use for this
    term, matched as whole words, case-insensitively).
    """

    en: str
    es: str
    definition_en: str
    definition_es: str
    avoid_es: tuple = ()


GLOSSARY = (
    Term("accuracy", "exactitud",
         "The fraction of examples a classifier labels correctly.",
         "Proporción de ejemplos que un clasificador etiqueta correctamente."),
    Term("batch", "lote",
         "A set of inputs processed together; the first axis, N, of an activation tensor.",
         "Conjunto de entradas que se procesan juntas; el primer eje, N, de un tensor de activaciones.",
         ("batch", "batches")),
    Term("bias", "sesgo",
         "The number a filter adds to every position of its output map: one per filter, not per input channel.",
         "Número que un filtro suma a todas las posiciones de su mapa de salida: uno por filtro, no por canal de "
         "entrada.",
         ("bias", "biases", "polarización")),
    Term("channel", "canal",
         "One of the 2-D arrays stacked along the channel axis: a color of an image, or one map of a layer's "
         "output.",
         "Cada una de las matrices 2-D apiladas en el eje de canales: un color de una imagen o un mapa de la salida "
         "de una capa."),
    Term("convolution", "convolución",
         "Sliding a kernel over an input and summing the products at every position; in deep learning, the "
         "kernel is not flipped (see cross-correlation).",
         "Deslizar un núcleo sobre una entrada y sumar los productos en cada posición; en aprendizaje profundo, "
         "el núcleo no se voltea (véase correlación cruzada).",
         ("circunvolución", "circunvoluciones")),
    Term("convolution layer", "capa de convolución",
         "A layer that slides its filters over the input and writes one output map per filter.",
         "Capa que desliza sus filtros sobre la entrada y escribe un mapa de salida por filtro."),
    Term("convolve", "convolucionar",
         "To apply a convolution: a filter convolves the whole input, all its channels at once.",
         "Aplicar una convolución: un filtro convoluciona toda la entrada, todos sus canales a la vez.",
         ("enredar", "enreda", "enredan", "enredado", "enredada", "enredados", "enredadas",
          "enrollar", "enrolla", "enrollan", "enrollado", "enrollada", "enrollados", "enrolladas")),
    Term("cross-correlation", "correlación cruzada",
         "Sliding a kernel over a channel and summing the products, without flipping the kernel: what "
         "deep-learning libraries call convolution.",
         "Deslizar un núcleo sobre un canal y sumar los productos sin voltear el núcleo: lo que las bibliotecas de "
         "aprendizaje profundo llaman convolución.",
         ("cross-correlation",)),
    Term("depthwise convolution", "convolución en profundidad",
         "A grouped convolution with one group per input channel: each channel has its own kernels and is never "
         "mixed with the others.",
         "Convolución agrupada con un grupo por canal de entrada: cada canal tiene sus propios núcleos y no se "
         "mezcla con los demás.",
         ("depthwise",)),
    Term("dilation", "dilatación",
         "The step between the taps of a kernel; 1 means adjacent taps, that is, no dilation (as in PyTorch).",
         "Distancia entre las posiciones de un núcleo; 1 significa posiciones contiguas, es decir, sin dilatación "
         "(como en PyTorch).",
         ("dilation",)),
    Term("epoch", "época",
         "One pass of training over the whole training set.",
         "Una pasada del entrenamiento por todo el conjunto de entrenamiento.",
         ("epoch", "epochs")),
    Term("feature map", "mapa de características",
         "A channel of a layer's output: one filter's response at every position.",
         "Un canal de la salida de una capa: la respuesta de un filtro en cada posición.",
         ("feature map", "feature maps", "mapa de entidades", "mapas de entidades", "mapa de activación",
          "mapas de activación")),
    Term("filter", "filtro",
         "The weights that make one output channel: one kernel per input channel (of its group), and a bias.",
         "Los pesos que producen un canal de salida: un núcleo por canal de entrada (de su grupo) y un sesgo.",
         ("filter", "filters")),
    Term("flip", "voltear",
         "To reverse a kernel along its spatial axes, last row first and last column first, as a true "
         "convolution does and a cross-correlation does not.",
         "Dar la vuelta a un núcleo en sus ejes espaciales, de modo que su última fila y su última columna pasen "
         "a ser las primeras, como hace una convolución propiamente dicha y no una correlación cruzada; el "
         "sustantivo es volteo.",
         ("flip", "flipped", "invertido", "invertida", "invertidos", "invertidas")),
    Term("fully connected layer", "capa totalmente conectada",
         "A layer in which every output depends on every input, each through a weight of its own.",
         "Capa en la que cada salida depende de todas las entradas, cada una a través de un peso propio.",
         ("capa completamente conectada", "capas completamente conectadas", "fully connected")),
    Term("gradient", "gradiente",
         "The derivative of the loss with respect to each weight, bias or input value; training follows it "
         "downhill.",
         "Derivada de la pérdida respecto de cada peso, sesgo o valor de entrada; el entrenamiento la sigue cuesta "
         "abajo."),
    Term("grid", "cuadrícula",
         "A 2-D array drawn as rows and columns of cells: a channel, a kernel or a map in the site's figures.",
         "Matriz 2-D dibujada como filas y columnas de celdas: un canal, un núcleo o un mapa en las figuras del "
         "sitio.",
         ("rejilla", "rejillas")),
    Term("grouped convolution", "convolución agrupada",
         "A convolution whose channels are split into groups; each filter sees only the input channels of its "
         "group.",
         "Convolución cuyos canales se dividen en grupos; cada filtro solo ve los canales de entrada de su grupo."),
    Term("input channel", "canal de entrada",
         "A channel of a layer's input; every filter holds one kernel for each input channel of its group.",
         "Canal de la entrada de una capa; cada filtro tiene un núcleo para cada canal de entrada de su grupo."),
    Term("kernel", "núcleo",
         "One 2-D array of weights: the part of a filter that reads one input channel.",
         "Una matriz 2-D de pesos: la parte de un filtro que lee un canal de entrada.",
         ("kernel", "kernels")),
    Term("layer", "capa",
         "One step of a network: it maps an input tensor to an output tensor.",
         "Un paso de una red: transforma un tensor de entrada en un tensor de salida."),
    Term("layout", "disposición",
         "The order of a tensor's axes, such as OIHW in PyTorch and HWIO in Keras.",
         "El orden de los ejes de un tensor, como OIHW en PyTorch y HWIO en Keras.",
         ("layout", "layouts")),
    Term("library", "biblioteca",
         "A package of code that programs call, such as PyTorch, Keras or convref.",
         "Paquete de código al que llaman los programas, como PyTorch, Keras o convref.",
         ("librería", "librerías", "framework", "frameworks", "marco de trabajo", "marcos de trabajo")),
    Term("output channel", "canal de salida",
         "A channel of a layer's output: the map made by one filter.",
         "Canal de la salida de una capa: el mapa que produce un filtro."),
    Term("padding", "relleno",
         "Values, usually zeros, added around the border of the input before the kernel slides.",
         "Valores, normalmente ceros, que se añaden alrededor del borde de la entrada antes de deslizar el núcleo.",
         ("padding", "paddings", "acolchado", "almohadillado")),
    Term("pair", "par",
         "Two things taken together in order, such as (filter, input channel): a layer has one kernel per pair.",
         "Dos elementos tomados juntos y en orden, como (filtro, canal de entrada): una capa tiene un núcleo por "
         "par.",
         ("pareja", "parejas")),
    Term("parameter", "parámetro",
         "A number learned in training: the weights and the biases of a layer.",
         "Número que se aprende en el entrenamiento: los pesos y los sesgos de una capa."),
    Term("pointwise convolution", "convolución puntual",
         "A 1×1 convolution: at every pixel, the same linear map across the channels.",
         "Convolución de 1×1: en cada píxel, la misma aplicación lineal entre canales.",
         ("pointwise",)),
    Term("pooling", "agrupación",
         "A layer that sums up each window of a channel in one number, such as its maximum (max pooling), channel "
         "by channel; it has no weights.",
         "Capa que resume cada ventana de un canal en un solo número, como su máximo (agrupación máxima), canal a "
         "canal; no tiene pesos.",
         ("pooling", "max pooling")),
    Term("receptive field", "campo receptivo",
         "The part of the input that one output value depends on.",
         "La parte de la entrada de la que depende un valor de salida.",
         ("receptive field", "receptive fields")),
    Term("separable convolution", "convolución separable",
         "A depthwise convolution followed by a pointwise one, in place of one full convolution.",
         "Una convolución en profundidad seguida de una puntual, en lugar de una convolución completa."),
    Term("slice", "rebanada",
         "The kernel of a filter for one input channel, seen as the part of the filter's 3-D block of weights "
         "at that channel's depth.",
         "El núcleo de un filtro para un canal de entrada, visto como la parte del bloque 3-D de pesos del filtro "
         "que está a la profundidad de ese canal.",
         ("loncha", "lonchas", "corte", "cortes")),
    Term("stride", "paso",
         "How many positions the kernel moves between two neighboring outputs.",
         "Cuántas posiciones avanza el núcleo entre dos salidas vecinas.",
         ("stride", "strides", "zancada", "zancadas")),
    Term("tensor", "tensor",
         "A multidimensional array, such as an input of shape (N, C, H, W).",
         "Una matriz multidimensional, como una entrada de forma (N, C, H, W)."),
    Term("translation invariance", "invariancia ante traslaciones",
         "A property of a task whose answer does not change when the input is shifted; it is why a filter uses "
         "the same weights at every position.",
         "Propiedad de una tarea cuya respuesta no cambia al desplazar la entrada; por ella un filtro usa los "
         "mismos pesos en todas las posiciones.",
         ("invariancia de la traducción", "invariancia de traducción")),
    Term("transposed convolution", "convolución traspuesta",
         "The operation whose matrix is the transpose of a convolution's: it maps an output-sized tensor back to "
         "the input's size. It is not the inverse of the convolution.",
         "La operación cuya matriz es la traspuesta de la de una convolución: lleva un tensor del tamaño de la "
         "salida al tamaño de la entrada. No es la inversa de la convolución.",
         ("transpuesta", "transpuestas")),
    Term("weight", "peso",
         "A learned number of a kernel; a 2-D layer's weights form a tensor of shape (C_out, C_in/groups, kH, kW).",
         "Número aprendido de un núcleo; los pesos de una capa 2-D forman un tensor de forma "
         "(C_out, C_in/groups, kH, kW)."),
    Term("weight sharing", "compartición de pesos",
         "Using the same filter at every position of the input: convolutions share weights across positions, "
         "not across channels.",
         "Usar el mismo filtro en todas las posiciones de la entrada: las convoluciones comparten pesos entre "
         "posiciones, no entre canales.",
         ("weight sharing",)),
)


def _fold(text):
    """Lower case without accents, for lookups and sorting."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def lookup(term):
    """The glossary entry of an English or a Spanish term.

    Parameters
    ----------
    term : str
        The term in either language; case and accents are ignored.

    Returns
    -------
    Term

    Raises
    ------
    TypeError
        If ``term`` is not a string.
    ValueError
        If the glossary has no such term.

    Examples
    --------
    What does the Spanish site call a kernel, and what is a *filtro* in English?

    >>> lookup("kernel").es
    'núcleo'
    >>> lookup("Filtro").en
    'filter'
    """
    if not isinstance(term, str):
        raise TypeError(f"term must be a string, got {term!r} ({type(term).__name__})")
    wanted = _fold(term.strip())
    for entry in GLOSSARY:
        if wanted in (_fold(entry.en), _fold(entry.es)):
            return entry
    raise ValueError(f"term {term!r} is not in the glossary (English or Spanish)")


def avoided_terms():
    """Every variant to avoid in Spanish prose, with the term to write instead.

    Returns
    -------
    dict of str to str
        Lower-case variant -> the glossary's Spanish term.

    Examples
    --------
    What should Spanish prose write instead of "stride" and "feature maps"?

    >>> replacements = avoided_terms()
    >>> replacements["stride"], replacements["feature maps"]
    ('paso', 'mapa de características')
    """
    return {variant.casefold(): entry.es for entry in GLOSSARY for variant in entry.avoid_es}


def _pattern():
    # Longest variants first, so that "feature maps" wins over "feature map".
    variants = sorted(avoided_terms(), key=len, reverse=True)
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)


def find_avoided(text):
    """Find the variants to avoid in a piece of running Spanish prose.

    The text must be prose only: strip code, inline code and markup first
    (the Spanish pages' test does). Matches are whole words, case-insensitive;
    a variant inside an identifier (``kernel_size``, ``DepthwiseConv2D``) is not
    a match.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (str, str)
        Each variant as it appears in ``text``, with the glossary term to write
        instead, in order of appearance.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    Which words of this sentence does the glossary replace?

    >>> find_avoided("Cada kernel tiene su propio stride y un Bias.")
    [('kernel', 'núcleo'), ('stride', 'paso'), ('Bias', 'sesgo')]
    >>> find_avoided("El argumento kernel_size fija el tamaño del núcleo.")
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    replacements = avoided_terms()
    return [(match.group(1), replacements[re.sub(r"\s+", " ", match.group(1)).casefold()])
            for match in _pattern().finditer(text)]


# Columns of the table: the term in the page's language, in the other one, its
# definition, and (Spanish only) the variants that Spanish prose avoids.
_COLUMNS = ("glossary_this_language", "glossary_other_language", "glossary_definition")
_AVOID_COLUMN = "glossary_instead_of"


# Avoided variants that are English words but not the entry's English term.
_ENGLISH_VARIANTS = frozenset({"framework", "frameworks", "fully connected", "max pooling"})


def _is_english_form(term, entry):
    """Whether an avoided Spanish variant is English: the English term (or its plural), or a listed English word."""
    return term.startswith(entry.en) or entry.en.startswith(term) or term in _ENGLISH_VARIANTS


def to_html(lang=None):
    """The glossary as an HTML table in the page's language.

    Rows are sorted by the term in ``lang`` (accents ignored). The Spanish
    table has a fourth column with the variants to avoid.

    Parameters
    ----------
    lang : {"en", "es"}, optional
        Language of the page; default: :func:`convref_site.page_language`.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``lang`` is not a language of the site.

    Examples
    --------
    Which term opens the Spanish table, and how many rows does it have?

    >>> table = to_html("es")
    >>> table.count("<tr>") - 1 == len(GLOSSARY)
    True
    >>> table.split("<td>")[1].split("</td>")[0]
    'agrupación'
    """
    lang = checked_language(lang)
    own, other = ("en", "es") if lang == "en" else ("es", "en")
    rows = sorted(GLOSSARY, key=lambda entry: _fold(getattr(entry, own)))
    columns = _COLUMNS + ((_AVOID_COLUMN,) if lang == "es" else ())
    head = "".join(f"<th>{html.escape(word(key, lang))}</th>" for key in columns)
    body = []
    for entry in rows:
        # The term in the other language carries its own lang attribute (screen
        # readers switch voice; spelling checks use the right dictionary), and so
        # does each English form in the "En lugar de" column.
        cells = [f"<td>{html.escape(getattr(entry, own))}</td>",
                 f'<td lang="{other}">{html.escape(getattr(entry, other))}</td>',
                 f"<td>{html.escape(getattr(entry, f'definition_{lang}'))}</td>"]
        if lang == "es":
            avoided = [f'<span lang="en">{html.escape(term)}</span>' if _is_english_form(term, entry)
                       else html.escape(term) for term in entry.avoid_es]
            cells.append(f"<td>{', '.join(avoided) or '—'}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="convref-glossary" lang="{lang}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")
