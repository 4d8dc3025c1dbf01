"""The site's word catalog: what the site's own code prints, in English and Spanish.

Table headings, row labels, printed labels of page cells and the glossary's
column headings live here, one entry per phrase, so that the code cells of a
page are the same in docs/en and docs/es and only the catalog knows the
languages. What convref itself prints (summaries, the command line, figures)
is in the library's catalog, not here.

Templates take ``str.format`` fields, filled by :func:`word`'s keyword
arguments. Numbers are formatted by the caller (``convref.format_number``)
before they go into a template, so that the catalog holds words only.
"""

from __future__ import annotations

import string
from types import MappingProxyType

from .language import LANGUAGES, checked_language

__all__ = ["WORDS", "word", "fields"]

_WORDS = {
    # -- family.md: the table of the convolution family -----------------------------
    "family_convolution": {"en": "convolution", "es": "convolución"},
    "family_weight_shape": {"en": "weight shape", "es": "forma de los pesos"},
    "family_kernels": {"en": "kernels", "es": "núcleos"},
    "family_parameters": {"en": "parameters", "es": "parámetros"},
    "family_macs": {"en": "multiply-accumulates", "es": "multiplicaciones-acumulaciones"},
    "family_output_shape": {"en": "output shape", "es": "forma de salida"},
    "family_standard": {"en": "standard", "es": "estándar"},
    "family_grouped": {"en": "grouped ({groups} groups)", "es": "agrupada ({groups} grupos)"},
    "family_depthwise": {"en": "depthwise", "es": "en profundidad"},
    "family_depthwise_multiplier": {"en": "depthwise, multiplier {multiplier}",
                                    "es": "en profundidad, multiplicador {multiplier}"},
    "family_pointwise": {"en": "pointwise (1×1)", "es": "puntual (1×1)"},
    "family_separable": {"en": "depthwise-separable", "es": "separable en profundidad"},
    "family_transposed": {"en": "transposed", "es": "traspuesta"},
    # -- glossary.md: the parts of a layer, counted -----------------------------------
    "parts_word": {"en": "Word", "es": "Palabra"},
    "parts_in_pytorch": {"en": "In PyTorch", "es": "En PyTorch"},
    "parts_how_many": {"en": "How many", "es": "Cuántos"},
    # -- the glossary's table (glossary.to_html): columns named from the page's side ---
    "glossary_this_language": {"en": "English", "es": "Español"},
    "glossary_other_language": {"en": "Spanish", "es": "Inglés"},
    "glossary_definition": {"en": "Definition", "es": "Definición"},
    "glossary_instead_of": {"en": "Instead of", "es": "En lugar de"},
    # -- layouts.md: the table of weight layouts --------------------------------------
    "layouts_framework": {"en": "framework", "es": "biblioteca"},
    "layouts_conv_weight": {"en": "convolution weight", "es": "pesos de la convolución"},
    "layouts_transposed_weight": {"en": "transposed convolution weight",
                                  "es": "pesos de la convolución traspuesta"},
    "layouts_depthwise_weight": {"en": "depthwise weight", "es": "pesos en profundidad"},
    "layouts_activations": {"en": "activations", "es": "activaciones"},
    "layouts_any_order": {"en": "any order, named by dimension_numbers",
                          "es": "cualquier orden, nombrado por dimension_numbers"},
    "layouts_default_flax": {"en": "default {default}; Flax {flax}", "es": "por omisión {default}; Flax {flax}"},
    # -- output-size.md: the table of cases -------------------------------------------
    "size_input": {"en": "input n", "es": "entrada n"},
    "size_kernel": {"en": "kernel k", "es": "núcleo k"},
    "size_stride": {"en": "stride s", "es": "paso s"},
    "size_padding": {"en": "padding p", "es": "relleno p"},
    "size_dilation": {"en": "dilation d", "es": "dilatación d"},
    "size_before_flooring": {"en": "before flooring", "es": "antes de redondear"},
    "size_output": {"en": "output o", "es": "salida o"},
    "size_unused": {"en": "positions never read", "es": "posiciones sin leer"},
    "size_output_padding": {"en": "output_padding to get n back", "es": "output_padding para recuperar n"},
    # -- shared-kernel.md: what sharing one kernel saves, and what it costs -------------
    "sharing_layer": {"en": "Layer", "es": "Capa"},
    "sharing_in_channels": {"en": "Input channels", "es": "Canales de entrada"},
    "sharing_params_separate": {"en": "Parameters (one kernel per channel)",
                                "es": "Parámetros (un núcleo por canal)"},
    "sharing_params_shared": {"en": "Parameters (one shared kernel)", "es": "Parámetros (un núcleo compartido)"},
    "sharing_saved": {"en": "Weights saved by sharing", "es": "Pesos ahorrados al compartir"},
    "models_model": {"en": "Model", "es": "Modelo"},
    "models_conv_params": {"en": "Parameters of the convolution", "es": "Parámetros de la convolución"},
    "models_all_params": {"en": "Parameters in all", "es": "Parámetros en total"},
    "models_accuracy": {"en": "Held-out accuracy", "es": "Exactitud en imágenes no vistas"},
    "models_standard": {"en": "One kernel per input channel (standard)",
                        "es": "Un núcleo por canal de entrada (estándar)"},
    "models_shared": {"en": "One kernel shared by all channels", "es": "Un núcleo común a todos los canales"},
    # The RAE writes a space (here a no-break one) between a number and "%".
    "percent": {"en": "{number}%", "es": "{number}\u00a0%"},
    # -- gradients.md: three runs that start from equal kernels -------------------------
    "drift_ordinary": {"en": "ordinary", "es": "corrientes"},
    "drift_last_channel_zero": {"en": "last channel zero", "es": "último canal a cero"},
    "drift_copies": {"en": "copies", "es": "copias"},
    "drift_result": {"en": "{inputs}: kernels apart by {spread}, each moved {moved}",
                     "es": "{inputs}: núcleos separados por {spread}, cada uno se movió {moved}"},
    # -- every page's notebook (conf/_ext/notebooks.py) ---------------------------------
    "notebook_download": {"en": "Download this page as a Jupyter notebook",
                          "es": "Descargar esta página como cuaderno de Jupyter"},
    "notebook_intro": {
        "en": "This notebook is a page of the convref site. Run its cells from top to bottom: it needs convref "
              "with its `figures` extra, and PyTorch (in the convref project's folder: "
              "`pip install \".[figures]\" torch`).",
        "es": "Este cuaderno es una página del sitio de convref. Ejecute sus celdas de arriba abajo: necesita "
              "convref con su extra `figures`, y PyTorch (en la carpeta del proyecto convref: "
              "`pip install \".[figures]\" torch`)."},
    "notebook_prelude": {
        "en": "What this page uses of the site's own package (conf/convref_site in the project, which is not\n"
              "installed with convref), copied when the site was built: the notebook needs only convref.",
        "es": "Lo que esta página usa del paquete propio del sitio (conf/convref_site en el proyecto, que no\n"
              "se instala con convref), copiado al construir el sitio: el cuaderno solo necesita convref."},
    # -- the exercises' checks (exercises.py) -----------------------------------------------
    "exercise_answer_here": {"en": "Your answer: replace None, run this cell, then the check below.",
                             "es": "Su respuesta: sustituya None, ejecute esta celda y después la comprobación."},
    "exercise_unanswered": {
        "en": "No answer yet: write it in the cell above instead of None, run that cell, then this one.",
        "es": "Aún no hay respuesta: escríbala en la celda de arriba en lugar de None, ejecute esa celda y "
              "después esta."},
    "exercise_right": {"en": "Right: {answer}.", "es": "Correcto: {answer}."},
    "exercise_wrong": {"en": "Not quite: {answer} is not the answer. {hint}",
                       "es": "Todavía no: {answer} no es la respuesta. {hint}"},
    "exercise_expected_number": {"en": "The answer is a number; you wrote {answer}.",
                                 "es": "La respuesta es un número; usted escribió {answer}."},
    "exercise_expected_shape": {
        "en": "The answer is a shape, a tuple of whole numbers such as (64, 3, 7, 7); you wrote {answer}.",
        "es": "La respuesta es una forma, una tupla de números enteros como (64, 3, 7, 7); usted escribió {answer}."},
    "exercise_expected_yes_no": {"en": "The answer is True or False; you wrote {answer}.",
                                 "es": "La respuesta es True o False; usted escribió {answer}."},
    "exercise_expected_array": {"en": "The answer is an array of shape {shape}; you wrote {answer}.",
                                "es": "La respuesta es una matriz de forma {shape}; usted escribió {answer}."},
    "exercise_an_array": {"en": "an array of shape {shape}", "es": "una matriz de forma {shape}"},
    "exercise_hint_params": {
        "en": "Count the weights of one filter (kernel height × width × input channels of its group), "
              "multiply by the number of filters, then add one bias per filter.",
        "es": "Cuente los pesos de un filtro (alto × ancho del núcleo × canales de entrada de su grupo), "
              "multiplíquelos por el número de filtros y sume un sesgo por filtro."},
    "exercise_hint_bias": {"en": "Each filter also has one bias: add one per filter (output channel).",
                           "es": "Cada filtro tiene además un sesgo: sume uno por filtro (canal de salida)."},
    "exercise_hint_axis_order": {
        "en": 'PyTorch puts the output channels (filters) first and the input channels second.',
        "es": 'PyTorch pone primero los canales de salida (filtros) y después los canales de entrada.'},
    "exercise_hint_bias_gradient": {
        "en": 'The bias is added at every output position: its gradient adds up the output gradient over all of them.',
        "es": 'El sesgo se suma en todas las posiciones de salida: su gradiente suma el gradiente de la salida en todas ellas.'},
    "exercise_hint_bias_once": {
        "en": 'The bias is added once, after the results of the channels are summed.',
        "es": 'El sesgo se suma una sola vez, después de sumar los resultados de los canales.'},
    "exercise_hint_bias_per_filter": {
        "en": 'There is one bias per filter, added after the sum over channels, not one per kernel.',
        "es": 'Hay un sesgo por filtro, que se suma después de la suma sobre los canales, no uno por núcleo.'},
    "exercise_hint_column_depth": {
        "en": 'A column holds a whole receptive field: kernel height × width values from every input channel.',
        "es": 'Una columna contiene un campo receptivo entero: alto × ancho del núcleo valores de cada canal de entrada.'},
    "exercise_hint_depthwise": {
        "en": 'In a depthwise layer each filter reads a single channel: in_channels / groups is 1.',
        "es": 'En una capa en profundidad cada filtro lee un solo canal: in_channels / groups vale 1.'},
    "exercise_hint_dilation": {
        "en": 'A kernel of size k with dilation d spans d·(k − 1) + 1 positions.',
        "es": 'Un núcleo de tamaño k con dilatación d abarca d·(k − 1) + 1 posiciones.'},
    "exercise_hint_distinct_weights": {
        "en": "The non-zero entries are copies of the weight tensor's entries: every kernel of every filter, each with its own numbers.",
        "es": 'Las entradas no nulas son copias de las del tensor de pesos: todos los núcleos de todos los filtros, cada uno con sus propios números.'},
    "exercise_hint_equal_start": {
        "en": 'Both kernels get the same output gradient, but each correlates it with its own input channel.',
        "es": 'Los dos núcleos reciben el mismo gradiente de la salida, pero cada uno lo correlaciona con su propio canal de entrada.'},
    "exercise_hint_floor": {
        "en": 'Round down: a window that would run past the edge is not computed.',
        "es": 'Redondee hacia abajo: una ventana que se saldría del borde no se calcula.'},
    "exercise_hint_group_kernels": {
        "en": 'The 48 is the number of input channels each filter reads; each of those channels has its own kernel.',
        "es": 'El 48 es el número de canales de entrada que lee cada filtro; cada uno de esos canales tiene su propio núcleo.'},
    "exercise_hint_groups": {
        "en": 'With groups, each filter reads only the input channels of its group: in_channels / groups of them.',
        "es": 'Con grupos, cada filtro solo lee los canales de entrada de su grupo: in_channels / groups.'},
    "exercise_hint_hwcm": {
        "en": 'Keras stores a depthwise kernel as (height, width, input channels, channel multiplier).',
        "es": 'Keras guarda un núcleo en profundidad como (alto, ancho, canales de entrada, multiplicador de canales).'},
    "exercise_hint_hwio": {
        "en": "Keras' HWIO order is kernel height, kernel width, input channels, output channels.",
        "es": 'El orden HWIO de Keras es alto del núcleo, ancho del núcleo, canales de entrada, canales de salida.'},
    "exercise_hint_index_order": {
        "en": "Element w[o, i, h, w] of PyTorch's weight is element k[h, w, i, o] of Keras' kernel.",
        "es": 'El elemento w[o, i, h, w] de los pesos de PyTorch es el elemento k[h, w, i, o] del núcleo de Keras.'},
    "exercise_hint_input_channels": {
        "en": 'Each filter holds one kernel for every input channel: multiply by the number of input channels too.',
        "es": 'Cada filtro tiene un núcleo por cada canal de entrada: multiplique también por el número de canales de entrada.'},
    "exercise_hint_kernel_per_channel": {
        "en": 'A filter is not one 2-D kernel: it holds one for each input channel.',
        "es": 'Un filtro no es un solo núcleo 2-D: tiene uno por cada canal de entrada.'},
    "exercise_hint_kernels": {
        "en": 'Count one 2-D kernel for every pair (filter, input channel of its group).',
        "es": 'Cuente un núcleo 2-D por cada pareja (filtro, canal de entrada de su grupo).'},
    "exercise_hint_maps_per_filter": {
        "en": 'The number of output maps is the number of filters, not the number of input channels.',
        "es": 'El número de mapas de salida es el número de filtros, no el de canales de entrada.'},
    "exercise_hint_maps_summed": {
        "en": 'Each filter adds its per-channel maps into one: the layer writes one map per filter.',
        "es": 'Cada filtro suma sus mapas por canal en uno solo: la capa escribe un mapa por filtro.'},
    "exercise_hint_matrix_rows": {
        "en": 'The matrix maps the flattened input to the flattened output: one row per output value, one column per input value.',
        "es": 'La matriz lleva la entrada aplanada a la salida aplanada: una fila por valor de salida y una columna por valor de entrada.'},
    "exercise_hint_no_bias": {
        "en": 'This layer has bias=False: it stores no bias.',
        "es": 'Esta capa tiene bias=False: no guarda sesgos.'},
    "exercise_hint_output_size": {
        "en": 'Apply the formula o = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1.',
        "es": 'Aplique la fórmula o = ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1.'},
    "exercise_hint_own_kernel": {
        "en": "Each input channel meets its own kernel: multiply each window's sum by that channel's constant, then add.",
        "es": 'Cada canal de entrada se encuentra con su propio núcleo: multiplique la suma de cada ventana por la constante de ese canal y después sume.'},
    "exercise_hint_padding_both_sides": {
        "en": 'Padding p adds p positions on each side of the input: 2p in all.',
        "es": 'El relleno p añade p posiciones a cada lado de la entrada: 2p en total.'},
    "exercise_hint_plus_one": {
        "en": 'Count positions, not moves: after its first position the kernel moves n − k times, so add 1.',
        "es": 'Cuente posiciones, no desplazamientos: después de su primera posición el núcleo se desplaza n − k veces; sume 1.'},
    "exercise_hint_positions": {
        "en": 'There is one column per output position: without padding a k×k kernel fits n − k + 1 times along each side.',
        "es": 'Hay una columna por posición de salida: sin relleno, un núcleo de k×k cabe n − k + 1 veces a lo largo de cada lado.'},
    "exercise_hint_previous_layer": {
        "en": 'The input channels of a layer are the output channels (filters) of the layer before it.',
        "es": 'Los canales de entrada de una capa son los canales de salida (filtros) de la capa anterior.'},
    "exercise_hint_reshape": {
        "en": 'reshape keeps the memory order and only regroups the numbers; the axes must be permuted (a transpose), as convert_weight does.',
        "es": 'reshape conserva el orden en memoria y solo reagrupa los números; hay que permutar los ejes (trasponer), como hace convert_weight.'},
    "exercise_hint_separable": {
        "en": 'Add up the two layers: one 3×3 kernel per channel, then one weight per pair of channels in the 1×1 layer.',
        "es": 'Sume las dos capas: un núcleo de 3×3 por canal y después un peso por cada pareja de canales en la capa de 1×1.'},
    "exercise_hint_slice_alone": {
        "en": 'The gradient of one kernel does not mix channels: it correlates its own input channel alone with the output gradient.',
        "es": 'El gradiente de un núcleo no mezcla canales: correlaciona solo su propio canal de entrada con el gradiente de la salida.'},
    "exercise_hint_slice_channel": {
        "en": 'The gradient of kernel (o, c) correlates input channel c, and no other, with the output gradient of filter o.',
        "es": 'El gradiente del núcleo (o, c) correlaciona el canal de entrada c, y ningún otro, con el gradiente de la salida del filtro o.'},
    "exercise_hint_sum_channels": {
        "en": 'An output map adds up the contributions of all input channels.',
        "es": 'Un mapa de salida suma las contribuciones de todos los canales de entrada.'},
    "exercise_hint_weight_shape": {
        "en": "PyTorch's weight shape is (out_channels, in_channels / groups, kernel height, kernel width).",
        "es": 'La forma de los pesos en PyTorch es (out_channels, in_channels / groups, alto del núcleo, ancho del núcleo).'},
}

WORDS = MappingProxyType({key: MappingProxyType(phrases) for key, phrases in _WORDS.items()})
"""Every phrase: ``WORDS[key][lang]`` is the template of ``key`` in ``lang`` (read-only)."""


def fields(template):
    """The names of the ``str.format`` fields of ``template``, as a set.

    Examples
    --------
    >>> sorted(fields("{inputs}: kernels apart by {spread}, each moved {moved}"))
    ['inputs', 'moved', 'spread']
    >>> fields("Layer")
    set()
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def word(key, lang, **values):
    """The phrase ``key`` in ``lang``, with its fields filled from ``values``.

    Parameters
    ----------
    key : str
        A key of :data:`WORDS` (e.g. ``"family_grouped"``).
    lang : {"en", "es"}
        Language of the phrase (a page passes ``page_language()``).
    **values
        One value per field of the template, already formatted for ``lang``
        where it is a number (``convref.format_number``).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``key`` is not in the catalog, ``lang`` is not a language of the
        site, or ``values`` does not name exactly the template's fields (a
        misspelt field must not leave ``{groups}`` on a page).

    Examples
    --------
    What does the family table call a grouped convolution, in each language?

    >>> word("family_grouped", "en", groups=4)
    'grouped (4 groups)'
    >>> word("family_grouped", "es", groups=4)
    'agrupada (4 grupos)'
    >>> word("family_grouped", "es")
    Traceback (most recent call last):
    ...
    ValueError: word 'family_grouped' takes the fields groups; missing: groups
    """
    if key not in _WORDS:
        raise ValueError(f"key must be one of the site's words (convref_site.words.WORDS), got {key!r}")
    if lang is None:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, got None")
    template = _WORDS[key][checked_language(lang)]
    expected = fields(template)
    missing, unknown = expected - set(values), set(values) - expected
    if missing or unknown:
        problems = [f"missing: {', '.join(sorted(missing))}"] if missing else []
        problems += [f"unknown: {', '.join(sorted(unknown))}"] if unknown else []
        takes = f"the fields {', '.join(sorted(expected))}" if expected else "no fields"
        raise ValueError(f"word {key!r} takes {takes}; {'; '.join(problems)}")
    return template.format(**values)
