/* The arithmetic of the site's two interactive pieces, without any DOM code.
 *
 * - The explorer: parse a Conv2d layer from the text of its arguments (the
 *   page's address or its form), check it as convref.Conv2d and PyTorch do,
 *   and compute the weight and bias shapes, the output shape, the parameters,
 *   the multiply-accumulates, the zeros of padding and which input channels
 *   each filter reads. Integers are BigInt, so that any size the reader types
 *   is exact, as in Python.
 * - The stepper: one filter at one output position, channel by channel
 *   (window, products, sum), and the whole output map.
 *
 * A classic script (Chromium refuses module scripts from file://): in a
 * browser it defines the global ConvrefArith; under Node (node --test) it is
 * a CommonJS module. tests/test_interactive_fixtures.py checks it against
 * fixtures computed by convref.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  } else {
    root.ConvrefArith = api;
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  // The arguments in the order convref.Conv2d checks them, then the input's
  // height and width (checked by output_shape): the first problem found is the
  // one convref reports.
  const ARGUMENTS = [
    {name: "in_channels", kind: "int", minimum: 1n},
    {name: "out_channels", kind: "int", minimum: 1n},
    {name: "kernel_size", kind: "pair", minimum: 1n},
    {name: "stride", kind: "pair", minimum: 1n},
    {name: "padding", kind: "padding", minimum: 0n},
    {name: "dilation", kind: "pair", minimum: 1n},
    {name: "groups", kind: "int", minimum: 1n},
    {name: "bias", kind: "bool"},
    {name: "height", kind: "int", minimum: 1n},
    {name: "width", kind: "int", minimum: 1n},
  ];
  const NAMES = ARGUMENTS.map((a) => a.name);
  // torch.nn.Conv2d's defaults. in_channels, out_channels and kernel_size have
  // none in PyTorch, and an input size is no argument of the layer: the page
  // gives those (its data-defaults).
  const PYTORCH_DEFAULTS = {stride: "1", padding: "0", dilation: "1", groups: "1", bias: "true"};
  const AXES = ["height", "width"];
  const INTEGER = /^\s*[+-]?[0-9]+\s*$/;
  const QUOTED = /^\s*(['"])(.*)\1\s*$/;

  class ArgumentError extends Error {
    constructor(argument, code, values) {
      super(`${argument}: ${code}`);
      this.argument = argument;
      this.code = code;
      this.values = values;
    }
  }

  function fail(argument, code, values) {
    throw new ArgumentError(argument, code, Object.assign({argument}, values || {}));
  }

  function integer(text, argument, minimum) {
    if (!INTEGER.test(text)) {
      fail(argument, "not_integer", {value: text.trim()});
    }
    const value = BigInt(text.trim());
    if (minimum !== undefined && value < minimum) {
      fail(argument, "too_small", {value, minimum});
    }
    return value;
  }

  // "3" is 3 on both axes; "3, 5", "(3, 5)" or "[3,5]" is (3, 5), height first.
  // A trailing comma makes a tuple, as in Python: "(3,)" has one entry.
  function pair(text, argument, minimum) {
    const trimmed = text.trim();
    if (!trimmed.includes(",")) {
      const value = integer(trimmed.replace(/^\((.*)\)$/, "$1"), argument, minimum);
      return {values: [value, value], given: value};
    }
    const inner = trimmed.replace(/^\((.*)\)$/, "$1").replace(/^\[(.*)\]$/, "$1");
    const entries = inner.split(",");
    if (entries.length > 1 && entries[entries.length - 1].trim() === "") {
      entries.pop();
    }
    if (entries.length !== 2) {
      fail(argument, "wrong_length", {count: BigInt(entries.length)});
    }
    const values = entries.map((entry) => integer(entry, argument, minimum));
    return {values, given: values};
  }

  function padding(text, argument, minimum) {
    const quoted = QUOTED.exec(text);
    const word = (quoted ? quoted[2] : text).trim();
    if (word === "valid" || word === "same") {
      return {mode: word, given: word};
    }
    // Only digits, signs, commas, brackets, points and spaces can be meant as
    // numbers; anything else is a word that is not valid or same.
    if (quoted || !/^[\s0-9+\-.,()[\]]+$/.test(text)) {
      fail(argument, "padding_choice", {value: text.trim()});
    }
    const parsed = pair(text, argument, minimum);
    return {mode: "number", values: parsed.values, given: parsed.given};
  }

  function flag(text, argument) {
    const word = text.trim().toLowerCase();
    if (word === "true" || word === "false") {
      return word === "true";
    }
    return fail(argument, "not_bool", {value: text.trim()});
  }

  /* The text of every argument: the reader's, else the default. An empty
   * text counts as missing. */
  function argumentTexts(given, defaults) {
    const texts = {};
    for (const name of NAMES) {
      const text = given[name];
      if (text !== undefined && text !== null && String(text).trim() !== "") {
        texts[name] = String(text);
      } else if (defaults && defaults[name] !== undefined) {
        texts[name] = String(defaults[name]);
      } else {
        texts[name] = PYTORCH_DEFAULTS[name];
      }
    }
    return texts;
  }

  function parseArguments(texts) {
    const a = {};
    a.in_channels = integer(texts.in_channels, "in_channels", 1n);
    a.out_channels = integer(texts.out_channels, "out_channels", 1n);
    a.kernel_size = pair(texts.kernel_size, "kernel_size", 1n);
    a.stride = pair(texts.stride, "stride", 1n);
    a.padding = padding(texts.padding, "padding", 0n);
    if (a.padding.mode === "same" && (a.stride.values[0] !== 1n || a.stride.values[1] !== 1n)) {
      // PyTorch: no padding keeps the size once the kernel skips positions.
      fail("padding", "same_stride", {stride: a.stride.given});
    }
    a.dilation = pair(texts.dilation, "dilation", 1n);
    a.groups = integer(texts.groups, "groups", 1n);
    if (a.in_channels % a.groups !== 0n) {
      fail("groups", "groups_in", {groups: a.groups, in_channels: a.in_channels});
    }
    if (a.out_channels % a.groups !== 0n) {
      fail("groups", "groups_out", {groups: a.groups, out_channels: a.out_channels});
    }
    a.bias = flag(texts.bias, "bias");
    a.height = integer(texts.height, "height", 1n);
    a.width = integer(texts.width, "width", 1n);
    return a;
  }

  // Zeros (before, after) on each axis, as PyTorch pads: "same" pads
  // dilation*(kernel_size - 1) in all, the odd one after (bottom, right).
  function paddingPairs(a) {
    return [0, 1].map((axis) => {
      if (a.padding.mode === "valid") {
        return [0n, 0n];
      }
      if (a.padding.mode === "same") {
        const total = a.dilation.values[axis] * (a.kernel_size.values[axis] - 1n);
        return [total / 2n, total - total / 2n];
      }
      const p = a.padding.values[axis];
      return [p, p];
    });
  }

  function outputSizes(a, pairs) {
    const sizes = [a.height, a.width];
    return [0, 1].map((axis) => {
      const n = sizes[axis];
      const k = a.kernel_size.values[axis];
      const d = a.dilation.values[axis];
      const [before, after] = pairs[axis];
      const span = d * (k - 1n) + 1n;
      const padded = n + before + after;
      if (span > padded) {
        fail("kernel_size", "too_large", {axis: AXES[axis], kernel: k, dilation: d, span, n, before, after,
                                          padded});
      }
      return (padded - span) / a.stride.values[axis] + 1n;
    });
  }

  /* The input channels filter o reads: [first, stop). */
  function channelsRead(a, o) {
    const perGroupOut = a.out_channels / a.groups;
    const perGroupIn = a.in_channels / a.groups;
    const group = o / perGroupOut;
    return [group * perGroupIn, (group + 1n) * perGroupIn];
  }

  function pythonValue(given) {
    if (typeof given === "string") {
      return `'${given}'`;
    }
    if (Array.isArray(given)) {
      return `(${given.join(", ")})`;
    }
    return String(given);
  }

  function isDefault(parsed, name) {
    if (name === "padding") {
      return parsed.padding.mode === "number" && parsed.padding.values.every((v) => v === 0n);
    }
    const one = parsed[name].values;
    return one[0] === 1n && one[1] === 1n;
  }

  /* The torch.nn.Conv2d(...) call of the layer: what the reader would type,
   * PyTorch's defaults left out. */
  function torchCall(a) {
    const parts = [String(a.in_channels), String(a.out_channels),
                   `kernel_size=${pythonValue(a.kernel_size.given)}`];
    for (const name of ["stride", "padding", "dilation"]) {
      if (!isDefault(a, name)) {
        parts.push(`${name}=${pythonValue(a[name].given)}`);
      }
    }
    if (a.groups !== 1n) {
      parts.push(`groups=${a.groups}`);
    }
    if (!a.bias) {
      parts.push("bias=False");
    }
    return `torch.nn.Conv2d(${parts.join(", ")})`;
  }

  /* Everything the explorer shows about a layer given by the text of its
   * arguments (``given``: name -> text; ``defaults``: the page's defaults of
   * the arguments PyTorch has none for). Returns {ok: true, ...} or
   * {ok: false, error: {argument, code, values}}. ``rows`` limits how many
   * filters' channel ranges are listed. */
  function explore(given, defaults, rows) {
    const texts = argumentTexts(given || {}, defaults);
    let a;
    let pairs;
    let sizes;
    try {
      a = parseArguments(texts);
      pairs = paddingPairs(a);
      sizes = outputSizes(a, pairs);
    } catch (error) {
      if (error instanceof ArgumentError) {
        return {ok: false, texts, error: {argument: error.argument, code: error.code, values: error.values}};
      }
      throw error;
    }
    const [kh, kw] = a.kernel_size.values;
    const perGroupIn = a.in_channels / a.groups;
    const weightShape = [a.out_channels, perGroupIn, kh, kw];
    const weights = a.out_channels * perGroupIn * kh * kw;
    const biases = a.bias ? a.out_channels : 0n;
    const outputShape = [a.out_channels, sizes[0], sizes[1]];
    const limit = BigInt(rows === undefined ? 16 : rows);
    const shown = a.out_channels < limit ? a.out_channels : limit;
    const reads = [];
    for (let o = 0n; o < shown; o++) {
      reads.push(channelsRead(a, o));
    }
    return {
      ok: true,
      texts,
      layer: a,
      weightShape,
      biasShape: a.bias ? [a.out_channels] : null,
      outputShape,
      weights,
      biases,
      params: weights + biases,
      macs: a.out_channels * sizes[0] * sizes[1] * perGroupIn * kh * kw,
      padding: pairs,
      reads,
      torch: torchCall(a),
    };
  }

  /* JSON text in which BigInts are plain integers (Python's json reads them exactly). */
  function toJSON(value) {
    if (typeof value === "bigint") {
      return value.toString();
    }
    if (Array.isArray(value)) {
      return `[${value.map(toJSON).join(", ")}]`;
    }
    if (value !== null && typeof value === "object") {
      return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}: ${toJSON(value[k])}`).join(", ")}}`;
    }
    return JSON.stringify(value);
  }

  /* An integer as ``lang`` writes it, as convref.format_number does: English
   * groups thousands with commas; Spanish with a no-break space, from five
   * digits on (4536, 10 104). */
  function formatInteger(value, lang) {
    const n = BigInt(value);
    const digits = (n < 0n ? -n : n).toString();
    const sign = n < 0n ? "-" : "";
    if (lang === "es" && digits.length < 5) {
      return sign + digits;
    }
    const separator = lang === "es" ? "\u00a0" : ",";
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  function formatShape(shape, lang) {
    return `(${shape.map((n) => formatInteger(n, lang)).join(", ")})`;
  }

  // -- the stepper: one filter, stride 1, no padding ---------------------------

  /* Filter ``kernels`` (one 2-D kernel per channel) at output (row, column) of
   * ``input`` (channels x height x width): per channel the window, the
   * elementwise products and their sum; then the sum over the channels and
   * the output value (plus ``bias``). */
  function stepAt(input, kernels, bias, row, column) {
    const kh = kernels[0].length;
    const kw = kernels[0][0].length;
    const channels = input.map((plane, c) => {
      const window = [];
      const products = [];
      let sum = 0;
      for (let i = 0; i < kh; i++) {
        const windowRow = [];
        const productRow = [];
        for (let j = 0; j < kw; j++) {
          const x = plane[row + i][column + j];
          const p = x * kernels[c][i][j];
          windowRow.push(x);
          productRow.push(p);
          sum += p;
        }
        window.push(windowRow);
        products.push(productRow);
      }
      return {window, products, sum};
    });
    const total = channels.reduce((s, ch) => s + ch.sum, 0);
    return {channels, total, output: total + bias};
  }

  function outputSize(input, kernels) {
    return [input[0].length - kernels[0].length + 1, input[0][0].length - kernels[0][0].length + 1];
  }

  function outputMap(input, kernels, bias) {
    const [rows, columns] = outputSize(input, kernels);
    const map = [];
    for (let r = 0; r < rows; r++) {
      const line = [];
      for (let c = 0; c < columns; c++) {
        line.push(stepAt(input, kernels, bias, r, c).output);
      }
      map.push(line);
    }
    return map;
  }

  /* One plane: the channels added position by position. */
  function sumChannels(input) {
    return input[0].map((line, r) => line.map((_, c) => input.reduce((s, plane) => s + plane[r][c], 0)));
  }

  function swapChannels(input, a, b) {
    const swapped = input.slice();
    swapped[a] = input[b];
    swapped[b] = input[a];
    return swapped;
  }

  function countDifferences(left, right) {
    let count = 0;
    left.forEach((line, r) => line.forEach((value, c) => {
      if (value !== right[r][c]) {
        count += 1;
      }
    }));
    return count;
  }

  return {ARGUMENTS, NAMES, PYTORCH_DEFAULTS, explore, toJSON, formatInteger, formatShape, torchCall,
          stepAt, outputSize, outputMap, sumChannels, swapChannels, countDifferences};
});
