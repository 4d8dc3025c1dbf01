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

__all__ = ["WORDS", "word", "fields", "group"]

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
    # -- the interactive pieces (conf/_static/interactive/, convref_site.interactive) --
    # The pages embed group("interactive_", lang) as data-words; the JavaScript reads
    # each phrase by the key without its prefix (w.stepper_title).
    # the stepper
    "interactive_stepper_title": {"en": 'Step through filter 0 yourself',
        "es": 'Recorra usted mismo el filtro 0'},
    "interactive_stepper_intro": {"en": "Move the window over the output positions and watch each channel's window, kernel, products and sum. Change a kernel weight and the output follows.",
        "es": 'Desplace la ventana por las posiciones de salida y observe, en cada canal, la ventana, el núcleo, los productos y su suma. Cambie un peso de un núcleo y la salida cambia con él.'},
    "interactive_stepper_keys": {"en": 'Keys: the left and right arrows step through the positions, the up and down arrows change row, Home and End go to the first and the last position.',
        "es": 'Teclas: las flechas izquierda y derecha recorren las posiciones, las flechas arriba y abajo cambian de fila, Inicio y Fin van a la primera y a la última posición.'},
    "interactive_stepper_controls": {"en": 'Stepper controls',
        "es": 'Controles del recorrido'},
    "interactive_kernels_legend": {"en": 'Kernels',
        "es": 'Núcleos'},
    "interactive_mode_separate": {"en": 'separate kernels, one per channel',
        "es": 'núcleos distintos, uno por canal'},
    "interactive_mode_shared": {"en": 'one shared kernel for every channel',
        "es": 'un único núcleo compartido por todos los canales'},
    "interactive_mode_separate_note": {"en": 'Each input channel has its own kernel, as in every convolution layer.',
        "es": 'Cada canal de entrada tiene su propio núcleo, como en toda capa de convolución.'},
    "interactive_mode_shared_note": {"en": "Every channel meets the same kernel (the red channel's), so the output equals that kernel applied to the sum of the channels.",
        "es": 'Todos los canales se encuentran con el mismo núcleo (el del canal rojo), así que la salida es ese núcleo aplicado a la suma de los canales.'},
    "interactive_swap": {"en": 'Swap red and green',
        "es": 'Intercambiar rojo y verde'},
    "interactive_previous": {"en": 'Previous',
        "es": 'Anterior'},
    "interactive_next": {"en": 'Next',
        "es": 'Siguiente'},
    "interactive_play": {"en": 'Play',
        "es": 'Reproducir'},
    "interactive_pause": {"en": 'Pause',
        "es": 'Pausar'},
    "interactive_reset": {"en": 'Reset the weights',
        "es": 'Restablecer los pesos'},
    "interactive_position": {"en": 'Output position: row {row}, column {column} ({index} of {total}); output {value}',
        "es": 'Posición de salida: fila {row}, columna {column} ({index} de {total}); salida {value}'},
    "interactive_channel_names": {"en": 'red|green|blue',
        "es": 'rojo|verde|azul'},
    "interactive_channel": {"en": 'Input channel {c}: {name}',
        "es": 'Canal de entrada {c}: {name}'},
    "interactive_channel_swapped": {"en": 'Input channel {c}, holding the {name} values',
        "es": 'Canal de entrada {c}, con los valores del {name}'},
    "interactive_window": {"en": 'window',
        "es": 'ventana'},
    "interactive_kernel": {"en": 'kernel',
        "es": 'núcleo'},
    "interactive_shared_kernel": {"en": 'shared kernel',
        "es": 'núcleo compartido'},
    "interactive_products": {"en": 'products',
        "es": 'productos'},
    "interactive_sum": {"en": 'sum',
        "es": 'suma'},
    "interactive_weight_label": {"en": 'Weight at row {row}, column {column} of the kernel of channel {c}',
        "es": 'Peso de la fila {row}, columna {column} del núcleo del canal {c}'},
    "interactive_shared_weight_label": {"en": 'Weight at row {row}, column {column} of the shared kernel, shown for channel {c}',
        "es": 'Peso de la fila {row}, columna {column} del núcleo compartido, junto al canal {c}'},
    "interactive_weight_invalid": {"en": 'A weight is a whole number from {low} to {high}.',
        "es": 'Un peso es un número entero de {low} a {high}.'},
    "interactive_total": {"en": 'Sum over the channels: {sums} = {total}. Plus the bias, {bias}: output {output}.',
        "es": 'Suma de los canales: {sums} = {total}. Más el sesgo, {bias}: salida {output}.'},
    "interactive_output_map": {"en": 'Output map',
        "es": 'Mapa de salida'},
    "interactive_output_cell": {"en": 'Output row {row}, column {column}: {value}',
        "es": 'Salida, fila {row}, columna {column}: {value}'},
    "interactive_summed_title": {"en": 'The channels summed first, then the shared kernel',
        "es": 'Primero la suma de los canales, después el núcleo compartido'},
    "interactive_summed_same": {"en": 'One kernel on the summed channels gives {value}: the same as the sum over the channels.',
        "es": 'Un solo núcleo sobre los canales sumados da {value}: lo mismo que la suma de los canales.'},
    "interactive_summed_differs": {"en": 'One kernel on the summed channels gives {value}, but the sum over the channels is {total}.',
        "es": 'Un solo núcleo sobre los canales sumados da {value}, pero la suma de los canales es {total}.'},
    "interactive_swap_none": {"en": 'Swapping red and green changes none of the {total} output values.',
        "es": 'Intercambiar rojo y verde no cambia ninguno de los {total} valores de salida.'},
    "interactive_swap_some": {"en": 'Swapping red and green changes {count} of the {total} output values.',
        "es": 'Intercambiar rojo y verde cambia {count} de los {total} valores de salida.'},
    # the explorer
    "interactive_layer_legend": {"en": 'The layer: arguments of `torch.nn.Conv2d`',
        "es": 'La capa: argumentos de `torch.nn.Conv2d`'},
    "interactive_input_legend": {"en": 'The input',
        "es": 'La entrada'},
    "interactive_arg_in_channels": {"en": 'input channels',
        "es": 'canales de entrada'},
    "interactive_arg_out_channels": {"en": 'output channels (filters)',
        "es": 'canales de salida (filtros)'},
    "interactive_arg_kernel_size": {"en": 'kernel size',
        "es": 'tamaño del núcleo'},
    "interactive_arg_stride": {"en": 'step between positions',
        "es": 'paso'},
    "interactive_arg_padding": {"en": 'zeros around the input',
        "es": 'relleno'},
    "interactive_arg_dilation": {"en": "spacing of the kernel's taps",
        "es": 'dilatación'},
    "interactive_arg_groups": {"en": 'channel groups',
        "es": 'grupos de canales'},
    "interactive_arg_bias": {"en": 'one bias per filter',
        "es": 'un sesgo por filtro'},
    "interactive_arg_height": {"en": 'input height',
        "es": 'alto de la entrada'},
    "interactive_arg_width": {"en": 'input width',
        "es": 'ancho de la entrada'},
    "interactive_hint_pair": {"en": 'a number, or two: height, width',
        "es": 'un número, o dos: alto, ancho'},
    "interactive_hint_padding": {"en": 'a number, two (height, width), `valid` or `same`',
        "es": 'un número, dos (alto, ancho), `valid` o `same`'},
    "interactive_hint_default": {"en": 'empty means {value}',
        "es": 'vacío equivale a {value}'},
    "interactive_results": {"en": 'Results',
        "es": 'Resultados'},
    "interactive_result_weight_shape": {"en": 'Weight shape',
        "es": 'Forma de los pesos'},
    "interactive_result_bias_shape": {"en": 'Bias shape',
        "es": 'Forma de los sesgos'},
    "interactive_no_bias": {"en": 'none (`bias=False`)',
        "es": 'ninguna (`bias=False`)'},
    "interactive_result_output_shape": {"en": 'Output shape (channels, height, width)',
        "es": 'Forma de salida (canales, alto, ancho)'},
    "interactive_result_params": {"en": 'Parameters',
        "es": 'Parámetros'},
    "interactive_params_detail": {"en": '{weights} weights + {biases} biases',
        "es": '{weights} pesos + {biases} sesgos'},
    "interactive_result_macs": {"en": 'Multiply-accumulates (MACs)',
        "es": 'Multiplicaciones con acumulación (MAC)'},
    "interactive_macs_detail": {"en": 'bias additions not counted',
        "es": 'sin contar las sumas de los sesgos'},
    "interactive_result_padding": {"en": 'Zeros added',
        "es": 'Ceros añadidos'},
    "interactive_padding_detail": {"en": 'top {top}, bottom {bottom}, left {left}, right {right}',
        "es": 'arriba {top}, abajo {bottom}, izquierda {left}, derecha {right}'},
    "interactive_torch_title": {"en": 'The same layer in PyTorch',
        "es": 'La misma capa en PyTorch'},
    "interactive_copy": {"en": 'Copy',
        "es": 'Copiar'},
    "interactive_copied": {"en": 'Copied',
        "es": 'Copiado'},
    "interactive_grid_title": {"en": 'The weight tensor, kernel by kernel',
        "es": 'El tensor de pesos, núcleo a núcleo'},
    "interactive_grid_caption": {"en": "One row per filter, one column per input channel. A box is the filter's 2-D kernel for that channel, labeled with its index in `weight`; a dot means that the filter does not read that channel.",
        "es": 'Una fila por filtro, una columna por canal de entrada. Un recuadro es el núcleo 2-D del filtro para ese canal, con su índice en `weight`; un punto indica que el filtro no lee ese canal.'},
    "interactive_grid_truncated": {"en": 'Showing the first {rows} of {filters} filters and the first {columns} of {channels} input channels.',
        "es": 'Se muestran los {rows} primeros de {filters} filtros y los {columns} primeros de {channels} canales de entrada.'},
    "interactive_grid_filter": {"en": 'filter {o}',
        "es": 'filtro {o}'},
    "interactive_grid_channel": {"en": 'channel {c}',
        "es": 'canal {c}'},
    "interactive_grid_group": {"en": 'group {g}',
        "es": 'grupo {g}'},
    "interactive_grid_reads": {"en": 'reads channel {c} with `weight[{o}, {j}]`, a {kh}×{kw} kernel',
        "es": 'lee el canal {c} con `weight[{o}, {j}]`, un núcleo de {kh}×{kw}'},
    "interactive_grid_skips": {"en": 'does not read channel {c}',
        "es": 'no lee el canal {c}'},
    "interactive_status_ok": {"en": 'Output shape {output}, {params} parameters, {macs} multiply-accumulates.',
        "es": 'Forma de salida {output}, {params} parámetros, {macs} multiplicaciones con acumulación.'},
    "interactive_status_error": {"en": 'Error: {message}',
        "es": 'Configuración no válida: {message}'},
    "interactive_axis_height": {"en": 'height',
        "es": 'alto'},
    "interactive_axis_width": {"en": 'width',
        "es": 'ancho'},
    "interactive_error_not_integer": {"en": '{argument} must be a whole number, not “{value}”.',
        "es": '{argument} debe ser un número entero, no «{value}».'},
    "interactive_error_too_small": {"en": '{argument} must be at least {minimum}, not {value}.',
        "es": '{argument} debe ser al menos {minimum}, no {value}.'},
    "interactive_error_wrong_length": {"en": '{argument} takes one number or two (height, width), not {count}.',
        "es": '{argument} admite un número o dos (alto, ancho), no {count}.'},
    "interactive_error_padding_choice": {"en": '{argument} must be a number, two numbers (height, width), `valid` or `same`, not “{value}”.',
        "es": '{argument} debe ser un número, dos números (alto, ancho), `valid` o `same`, no «{value}».'},
    "interactive_error_not_bool": {"en": '{argument} must be `true` or `false`, not “{value}”.',
        "es": '{argument} debe ser `true` o `false`, no «{value}».'},
    "interactive_error_same_stride": {"en": '{argument} `same` needs stride 1, as in PyTorch; here `stride` is {stride}.',
        "es": '{argument} `same` exige un paso de 1, como en PyTorch; aquí `stride` vale {stride}.'},
    "interactive_error_groups_in": {"en": '{argument} must divide `in_channels`: {groups} does not divide {in_channels}.',
        "es": '{argument} debe dividir a `in_channels`: {groups} no divide a {in_channels}.'},
    "interactive_error_groups_out": {"en": '{argument} must divide `out_channels`: {groups} does not divide {out_channels}.',
        "es": '{argument} debe dividir a `out_channels`: {groups} no divide a {out_channels}.'},
    "interactive_error_too_large": {"en": '{argument} is too large for the input: along the {axis}, a kernel of {kernel} with dilation {dilation} spans {span} positions, but the input has {n} plus padding {before} + {after} = {padded}.',
        "es": '{argument} es demasiado grande para la entrada: a lo {axis}, un núcleo de {kernel} con dilatación {dilation} abarca {span} posiciones, pero la entrada tiene {n} más un relleno de {before} + {after} = {padded}.'},
    "interactive_noscript": {"en": 'The explorer needs JavaScript. Without it, here is its first layer, {layer}, on an input of shape {shape}:',
        "es": 'El explorador necesita JavaScript. Sin él, esta es su primera capa, {layer}, sobre una entrada de forma {shape}:'},
    # -- wording.py: differences and ratios, for every page ---------------------------------
    # A predicate for a plural subject: "the two maps are identical".
    "agreement_identical": {"en": "identical", "es": "exactamente iguales"},
    "agreement_rounding": {"en": "equal up to rounding (at most {size} apart)",
                           "es": "iguales salvo redondeo (a lo sumo {size} de diferencia)"},
    "ratio_about": {"en": "about {number} times", "es": "unas {number} veces"},
    "ratio_exact": {"en": "exactly {number} times", "es": "exactamente {number} veces"},
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
        "es": 'Cuente un núcleo 2-D por cada par (filtro, canal de entrada de su grupo).'},
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
        "es": 'Sume las dos capas: un núcleo de 3×3 por canal y después un peso por cada par de canales en la capa de 1×1.'},
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


def group(prefix, lang):
    """Every phrase whose key starts with ``prefix``, keyed without it, in ``lang``.

    The interactive pieces take their words as one JSON object (the pages
    embed it at build time), which their JavaScript reads by short names.

    Examples
    --------
    >>> group("interactive_", "es")["previous"]
    'Anterior'
    """
    lang = checked_language(lang)
    return {key[len(prefix):]: phrases[lang] for key, phrases in _WORDS.items() if key.startswith(prefix)}
