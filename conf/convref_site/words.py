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
    # -- trained-weights.md: a small network's first-layer filters ---------------------
    "trained_accuracy": {"en": "held-out accuracy: {accuracy}%",
                         "es": "exactitud en imágenes no vistas: {accuracy}\u00a0%"},
    "trained_kinds": {"en": "{blind} nearly color-blind and {opponent} color-opponent filters out of {filters}",
                      "es": "{blind} filtros casi ciegos al color y {opponent} de oposición cromática, de {filters}"},
    "trained_filter": {"en": "Filter", "es": "Filtro"},
    "trained_kind": {"en": "Kind", "es": "Tipo"},
    "trained_color_blind": {"en": "nearly color-blind", "es": "casi ciego al color"},
    "trained_color_opponent": {"en": "color-opponent", "es": "de oposición cromática"},
    "trained_neither": {"en": "neither", "es": "ninguno de los dos"},
    "trained_cos": {"en": "cos {a}·{b}", "es": "coseno {a}·{b}"},
    "trained_short_green": {"en": "G", "es": "V"},
    "trained_short_blue": {"en": "B", "es": "A"},
    "trained_other_run": {"en": "seed {seed}: {blind} nearly color-blind and {opponent} color-opponent filters",
                          "es": "semilla {seed}: {blind} filtros casi ciegos al color y {opponent} de oposición "
                                "cromática"},
    # -- why-channels-grow.md: VGG16 and ResNet-18 stage by stage ------------------------
    "stages_layer_line": {"en": "{channels} channels at {size}×{size}: {params} parameters, {macs} MACs, "
                                "{outputs} output values",
                          "es": "{channels} canales en {size}×{size}: {params} parámetros, {macs} MAC, "
                                "{outputs} valores de salida"},
    "stages_caption": {"en": "{model}, stage by stage, on a {size}×{size} RGB image",
                       "es": "{model}, etapa por etapa, con una imagen RGB de {size}×{size}"},
    "stages_block": {"en": "block {i}", "es": "bloque {i}"},
    "stages_classifier": {"en": "classifier", "es": "clasificador"},
    "stages_stem": {"en": "stem", "es": "entrada"},
    "stages_stage": {"en": "stage {i}", "es": "etapa {i}"},
    "stages_head": {"en": "head", "es": "cabeza"},
    "stages_total": {"en": "total", "es": "total de la red"},
    "stages_name": {"en": "Stage", "es": "Etapa"},
    "stages_output": {"en": "Output (H × W × C)", "es": "Salida (alto × ancho × canales)"},
    "stages_params": {"en": "Parameters", "es": "Parámetros"},
    "stages_params_share": {"en": "Share of the parameters (%)", "es": "Parte de los parámetros (%)"},
    "stages_macs": {"en": "Millions of MACs", "es": "Millones de MAC"},
    "stages_macs_share": {"en": "Share of the MACs (%)", "es": "Parte de las MAC (%)"},
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
