/* The views of the site's two interactive pieces: they draw, ConvrefArith computes.
 *
 * - .convref-stepper[data-example][data-words]: one filter at work, channel by
 *   channel, on the example a code cell of the page computed with convref.
 * - .convref-explorer[data-defaults][data-words]: any Conv2d layer, its
 *   configuration in the page's address with PyTorch's argument names.
 *
 * Every word comes from the page (data-words, the site's catalog in the page's
 * language); text in `backticks` is code. A classic script, so that the site
 * works from file://; it needs convref-arith.js loaded before it.
 */
(function () {
  "use strict";

  const A = window.ConvrefArith;

  // -- helpers -------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === "className") {
        node.className = value;
      } else if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child);
      }
    }
    return node;
  }

  function fillText(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => {
      const value = values[name];
      return value === undefined ? whole : value instanceof Node ? value.textContent : String(value);
    });
  }

  /* A phrase as nodes: `code` spans become <code>; a placeholder takes a string
   * or a node. The reader's text is only ever inserted as text. */
  function phrase(template, values) {
    const fragment = document.createDocumentFragment();
    template.split(/(`[^`]*`)/).forEach((piece) => {
      if (piece.startsWith("`") && piece.endsWith("`") && piece.length > 1) {
        fragment.append(el("code", {text: fillText(piece.slice(1, -1), values || {})}));
        return;
      }
      piece.split(/(\{\w+\})/).forEach((part) => {
        const match = /^\{(\w+)\}$/.exec(part);
        const value = match ? (values || {})[match[1]] : undefined;
        if (value instanceof Node) {
          fragment.append(value.cloneNode(true));
        } else if (value !== undefined) {
          fragment.append(String(value));
        } else if (part) {
          fragment.append(part);
        }
      });
    });
    return fragment;
  }

  /* The same phrase as plain text (for labels and announcements). */
  function plain(template, values) {
    return fillText(template.replace(/`/g, ""), values || {});
  }

  function hidden(content) {
    return el("span", {className: "cx-visually-hidden"}, content);
  }

  let uniqueCount = 0;
  function unique(prefix) {
    uniqueCount += 1;
    return `${prefix}-${uniqueCount}`;
  }

  function readJSON(node, name) {
    try {
      return JSON.parse(node.getAttribute(name));
    } catch (error) {
      return null;
    }
  }

  // -- the explorer ---------------------------------------------------------------

  const REQUIRED = ["in_channels", "out_channels", "kernel_size", "height", "width"];
  const PAIRS = ["kernel_size", "stride", "padding", "dilation"];
  const ANNOUNCE_DELAY_MS = 600;
  const GRID_ROWS = 16;
  const GLYPH_LIMIT = 7;

  class Explorer {
    constructor(root) {
      this.root = root;
      this.words = readJSON(root, "data-words");
      this.defaults = readJSON(root, "data-defaults");
      this.lang = root.getAttribute("data-lang") || document.documentElement.lang || "en";
      this.fields = {};
      this.texts = this.fromAddress();
      this.build();
      this.update({announce: false, writeAddress: false});
    }

    fromAddress() {
      const texts = {};
      const query = new URLSearchParams(window.location.search);
      for (const name of A.NAMES) {
        if (query.has(name)) {
          texts[name] = query.get(name);
        }
      }
      return texts;
    }

    defaultText(name) {
      return String(name in A.PYTORCH_DEFAULTS ? A.PYTORCH_DEFAULTS[name] : this.defaults[name]);
    }

    textField(name) {
      const w = this.words;
      const id = unique(`cx-${name}`);
      const hint = PAIRS.includes(name) ? (name === "padding" ? w.hint_padding : w.hint_pair) : null;
      const hintId = `${id}-hint`;
      const input = el("input", {
        id, name, type: "text", autocomplete: "off", spellcheck: "false", autocapitalize: "off",
        inputmode: PAIRS.includes(name) ? "text" : "numeric",
        placeholder: this.defaultText(name), "aria-describedby": hintId,
      });
      const text = this.texts[name];
      input.value = text !== undefined && text.trim() !== "" ? text : this.defaultText(name);
      input.addEventListener("keydown", (event) => this.stepField(event, input));
      this.fields[name] = input;
      const defaultHint = plain(w.hint_default, {value: this.defaultText(name)});
      return el("div", {className: "cx-field"},
        el("label", {for: id}, el("code", {text: name}), " ", el("span", {text: w[`arg_${name}`]})),
        input,
        el("span", {className: "cx-hint", id: hintId},
          hint ? phrase(hint) : null, hint ? " · " : null, defaultHint));
    }

    biasField() {
      const id = unique("cx-bias");
      const box = el("input", {id, name: "bias", type: "checkbox"});
      const text = (this.texts.bias || "").trim().toLowerCase();
      box.checked = text !== "false";
      box.addEventListener("change", () => { this.biasTouched = true; });
      this.fields.bias = box;
      return el("div", {className: "cx-field cx-check"},
        box, el("label", {for: id}, el("code", {text: "bias"}), " ", el("span", {text: this.words.arg_bias})));
    }

    /* Up and down arrows step a whole number, as a number field does. */
    stepField(event, input) {
      if ((event.key !== "ArrowUp" && event.key !== "ArrowDown") || !/^\s*-?\d+\s*$/.test(input.value)) {
        return;
      }
      event.preventDefault();
      const minimum = A.ARGUMENTS.find((a) => a.name === input.name).minimum;
      const value = BigInt(input.value.trim()) + (event.key === "ArrowUp" ? 1n : -1n);
      input.value = String(value < minimum ? minimum : value);
      input.dispatchEvent(new Event("input", {bubbles: true}));
    }

    build() {
      const w = this.words;
      const form = el("form", {className: "cx-form", novalidate: true},
        el("fieldset", {className: "cx-layer"},
          el("legend", {}, phrase(w.layer_legend)),
          el("div", {className: "cx-fields"},
            ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups"]
              .map((name) => this.textField(name)),
            this.biasField())),
        el("fieldset", {className: "cx-input"},
          el("legend", {text: w.input_legend}),
          el("div", {className: "cx-fields"}, ["height", "width"].map((name) => this.textField(name)))));
      form.addEventListener("submit", (event) => event.preventDefault());
      form.addEventListener("input", () => this.update({announce: true, writeAddress: true}));
      form.addEventListener("change", () => this.update({announce: true, writeAddress: true}));
      this.status = el("p", {className: "cx-visually-hidden", "aria-live": "polite", "data-status": ""});
      this.output = el("section", {className: "cx-output", "aria-label": w.results});
      this.root.replaceChildren(form, this.output, this.status);
    }

    currentTexts() {
      const texts = {};
      for (const name of A.NAMES) {
        if (name === "bias") {
          // A bias= the address got wrong stays as it was until the box is used.
          const box = this.fields.bias;
          const given = this.texts.bias;
          const boxText = box.checked ? "true" : "false";
          const fromAddress = given !== undefined && !/^\s*(true|false)\s*$/i.test(given) && !this.biasTouched;
          texts.bias = fromAddress ? given : boxText;
        } else {
          texts[name] = this.fields[name].value;
        }
      }
      return texts;
    }

    writeAddress(texts) {
      const parts = [];
      for (const name of A.NAMES) {
        const text = texts[name].trim();
        if (text === "" || (!REQUIRED.includes(name) && text.toLowerCase() === A.PYTORCH_DEFAULTS[name])) {
          continue;
        }
        // Commas and parentheses may stay as they are in a query; spaces go.
        const value = encodeURIComponent(text.replace(/\s+/g, "")).replace(/%2C/gi, ",")
          .replace(/%28/g, "(").replace(/%29/g, ")").replace(/%5B/gi, "[").replace(/%5D/gi, "]");
        parts.push(`${name}=${value}`);
      }
      const url = `${window.location.pathname}${parts.length ? `?${parts.join("&")}` : ""}${window.location.hash}`;
      try {
        window.history.replaceState(null, "", url);
      } catch (error) {
        // Some browsers refuse to change a file:// address; the page still works.
      }
    }

    update({announce, writeAddress}) {
      const texts = this.currentTexts();
      const result = A.explore(texts, this.defaults, GRID_ROWS);
      for (const input of Object.values(this.fields)) {
        input.removeAttribute("aria-invalid");
        const describedBy = (input.getAttribute("aria-describedby") || "").split(" ")
          .filter((id) => id && !id.endsWith("-error"));
        input.setAttribute("aria-describedby", describedBy.join(" "));
      }
      if (result.ok) {
        this.output.replaceChildren(...this.results(result));
      } else {
        this.output.replaceChildren(this.error(result.error));
      }
      this.root.setAttribute("data-state", result.ok ? "ok" : "error");
      if (writeAddress) {
        this.writeAddress(texts);
      }
      if (announce) {
        clearTimeout(this.announceTimer);
        this.announceTimer = setTimeout(() => this.announce(result), ANNOUNCE_DELAY_MS);
      }
    }

    announce(result) {
      const w = this.words;
      if (result.ok) {
        this.status.textContent = plain(w.status_ok, {
          output: A.formatShape(result.outputShape, this.lang),
          params: A.formatInteger(result.params, this.lang),
          macs: A.formatInteger(result.macs, this.lang),
        });
      } else {
        this.status.textContent = plain(w.status_error, {message: this.errorNode(result.error).textContent});
      }
    }

    number(value) {
      return A.formatInteger(value, this.lang);
    }

    shape(values) {
      // Python writes a 1-tuple (2,).
      return values.length === 1 ? `(${this.number(values[0])},)` : A.formatShape(values, this.lang);
    }

    /* A value as the message shows it: numbers in the page's format, tuples as Python writes them. */
    shown(value) {
      if (typeof value === "bigint") {
        return this.number(value);
      }
      if (Array.isArray(value)) {
        return `(${value.map((v) => this.shown(v)).join(", ")})`;
      }
      return String(value);
    }

    errorNode(error) {
      const w = this.words;
      const values = {};
      for (const [name, value] of Object.entries(error.values)) {
        values[name] = this.shown(value);
      }
      values.argument = el("code", {text: error.argument});
      if (error.values.axis) {
        values.axis = w[`axis_${error.values.axis}`];
      }
      return el("span", {}, phrase(w[`error_${error.code}`], values));
    }

    error(error) {
      const id = unique("cx-error");
      const field = this.fields[error.argument];
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby")} ${id}-error`.trim());
      }
      return el("p", {
        className: "cx-error", id: `${id}-error`, "data-result": "error",
        "data-value": A.toJSON({argument: error.argument, code: error.code}),
      }, el("span", {className: "cx-error-mark", "aria-hidden": "true", text: "!"}), this.errorNode(error));
    }

    resultRow(label, key, value, text, detail, valueClass) {
      return el("div", {className: "cx-result"},
        el("dt", {}, phrase(label)),
        el("dd", {"data-result": key, "data-value": A.toJSON(value)},
          el("span", {className: valueClass || "cx-value", text}),
          detail ? el("span", {className: "cx-detail"}, " (", phrase(detail), ")") : null));
    }

    results(r) {
      const w = this.words;
      const [[top, bottom], [left, right]] = r.padding;
      const list = el("dl", {className: "cx-results"},
        this.resultRow(w.result_weight_shape, "weight-shape", r.weightShape, this.shape(r.weightShape)),
        this.resultRow(w.result_bias_shape, "bias-shape", r.biasShape,
                       r.biasShape ? this.shape(r.biasShape) : plain(w.no_bias)),
        this.resultRow(w.result_output_shape, "output-shape", r.outputShape, this.shape(r.outputShape)),
        this.resultRow(w.result_params, "params", r.params, this.number(r.params),
                       fillText(w.params_detail, {weights: this.number(r.weights), biases: this.number(r.biases)})),
        this.resultRow(w.result_macs, "macs", r.macs, this.number(r.macs), w.macs_detail),
        this.resultRow(w.result_padding, "padding", r.padding,
                       fillText(w.padding_detail, {top: this.number(top), bottom: this.number(bottom),
                                                   left: this.number(left), right: this.number(right)}),
                       null, "cx-value cx-value-text"));
      return [list, this.torchLine(r), this.grid(r)];
    }

    torchLine(r) {
      const w = this.words;
      const id = unique("cx-torch");
      const code = el("code", {"data-result": "pytorch", "data-value": JSON.stringify(r.torch), text: r.torch});
      const button = el("button", {type: "button", className: "cx-button", "aria-describedby": id,
                                   text: w.copy});
      button.addEventListener("click", () => this.copy(r.torch, code, button));
      return el("div", {className: "cx-torch"},
        el("p", {id, className: "cx-torch-title", text: w.torch_title}),
        el("div", {className: "cx-torch-line"}, el("pre", {}, code), button));
    }

    copy(text, code, button) {
      const done = () => {
        button.textContent = this.words.copied;
        this.status.textContent = this.words.copied;
        setTimeout(() => { button.textContent = this.words.copy; }, 2000);
      };
      const fallback = () => {
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try {
          if (document.execCommand("copy")) {
            done();
          }
        } catch (error) {
          // The line stays selected, ready for Ctrl+C.
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    }

    grid(r) {
      const w = this.words;
      const a = r.layer;
      const [kh, kw] = a.kernel_size.values;
      const rows = r.reads.length;
      const columns = Number(a.in_channels < BigInt(GRID_ROWS) ? a.in_channels : BigInt(GRID_ROWS));
      const perGroupIn = a.in_channels / a.groups;
      const perGroupOut = a.out_channels / a.groups;
      const groupsShown = a.groups > 1n;
      const glyphH = Number(kh < BigInt(GLYPH_LIMIT) ? kh : BigInt(GLYPH_LIMIT));
      const glyphW = Number(kw < BigInt(GLYPH_LIMIT) ? kw : BigInt(GLYPH_LIMIT));
      const big = kh > BigInt(GLYPH_LIMIT) || kw > BigInt(GLYPH_LIMIT);
      const size = `${this.number(kh)}×${this.number(kw)}`;
      const head = el("tr", {}, el("td", {}),
        Array.from({length: columns}, (_, c) => {
          const group = BigInt(c) / perGroupIn;
          return el("th", {scope: "col", className: groupsShown ? `cx-g${Number(group % 6n)}` : null},
            plain(w.grid_channel, {c: this.number(c)}),
            groupsShown ? el("span", {className: "cx-group", text: plain(w.grid_group, {g: this.number(group)})})
              : null);
        }));
      const body = r.reads.map(([first, stop], o) => {
        const group = BigInt(o) / perGroupOut;
        const cells = Array.from({length: columns}, (_, c) => {
          const channel = BigInt(c);
          if (channel >= first && channel < stop) {
            const j = channel - first;
            const glyph = el("span", {className: `cx-kernel${big ? " cx-kernel-big" : ""}`, "aria-hidden": "true",
                                      style: `--kh:${glyphH};--kw:${glyphW}`});
            return el("td", {className: `cx-reads${groupsShown ? ` cx-g${Number(group % 6n)}` : ""}`},
              glyph,
              el("span", {className: "cx-index", "aria-hidden": "true", text: `[${o}, ${j}]`}),
              hidden(phrase(w.grid_reads, {c, o, j, kh: this.number(kh), kw: this.number(kw)})));
          }
          return el("td", {className: "cx-skips"},
            el("span", {"aria-hidden": "true", text: "·"}), hidden(phrase(w.grid_skips, {c})));
        });
        return el("tr", {},
          el("th", {scope: "row"}, plain(w.grid_filter, {o: this.number(o)}),
            groupsShown ? el("span", {className: "cx-group", text: plain(w.grid_group, {g: this.number(group)})})
              : null),
          cells);
      });
      const titleId = unique("cx-grid");
      const truncated = a.out_channels > BigInt(rows) || a.in_channels > BigInt(columns);
      return el("figure", {className: "cx-grid"},
        el("figcaption", {},
          el("strong", {id: titleId, text: w.grid_title}), " ", phrase(w.grid_caption),
          big ? ` (${size})` : null,
          truncated ? el("span", {className: "cx-truncated"}, " ", plain(w.grid_truncated, {
            rows: this.number(rows), filters: this.number(a.out_channels),
            columns: this.number(columns), channels: this.number(a.in_channels)})) : null),
        el("div", {className: "cx-scroll", tabindex: "0", role: "region", "aria-labelledby": titleId},
          el("table", {"data-result": "reads", "data-value": A.toJSON(r.reads)},
            el("thead", {}, head), el("tbody", {}, body))));
    }
  }

  // -- the stepper -----------------------------------------------------------------

  const PLAY_INTERVAL_MS = 1200;
  const WEIGHT_LIMIT = 99;
  const SWATCHES = ["cs-red", "cs-green", "cs-blue"];

  class Stepper {
    constructor(root) {
      this.root = root;
      this.words = readJSON(root, "data-words");
      this.example = readJSON(root, "data-example");
      this.lang = root.getAttribute("data-lang") || document.documentElement.lang || "en";
      this.names = this.words.channel_names.split("|");
      this.mode = "separate";
      this.swapped = false;
      this.position = 0;
      this.timer = null;
      this.resetWeights();
      this.build();
      this.update();
    }

    resetWeights() {
      const copy = (plane) => plane.map((line) => line.slice());
      this.separate = this.example.kernels.map(copy);
      this.shared = copy(this.example.shared_kernel);
    }

    get input() {
      return this.swapped ? A.swapChannels(this.example.input, 0, 1) : this.example.input;
    }

    get kernels() {
      return this.mode === "shared" ? this.example.input.map(() => this.shared) : this.separate;
    }

    get size() {
      return A.outputSize(this.example.input, this.example.kernels);
    }

    number(value) {
      return A.formatInteger(BigInt(value), this.lang);
    }

    button(text, className, onClick) {
      const node = el("button", {type: "button", className: `cx-button ${className}`, text});
      node.addEventListener("click", onClick);
      return node;
    }

    build() {
      const w = this.words;
      const name = unique("cs-mode");
      const radios = ["separate", "shared"].map((mode) => {
        const id = `${name}-${mode}`;
        const radio = el("input", {type: "radio", name, id, value: mode, checked: mode === this.mode});
        radio.addEventListener("change", () => {
          if (radio.checked) {
            this.mode = mode;
            this.update();
          }
        });
        return el("span", {className: "cs-radio"}, radio, el("label", {for: id, text: w[`mode_${mode}`]}));
      });
      this.swapButton = this.button(w.swap, "cs-swap", () => {
        this.swapped = !this.swapped;
        this.update();
      });
      this.swapButton.setAttribute("aria-pressed", "false");
      this.playButton = this.button(w.play, "cs-play", () => this.togglePlay());
      const controls = el("div", {className: "cs-controls", role: "group", "aria-label": w.stepper_controls},
        el("fieldset", {className: "cs-mode"}, el("legend", {text: w.kernels_legend}), radios),
        el("div", {className: "cs-buttons"},
          this.button(w.previous, "cs-previous", () => this.move(-1)),
          this.playButton,
          this.button(w.next, "cs-next", () => this.move(1)),
          this.swapButton,
          this.button(w.reset, "cs-reset", () => {
            this.resetWeights();
            this.update({rebuildWeights: true});
          })));
      this.modeNote = el("p", {className: "cs-note"});
      this.where = el("p", {className: "cs-where", "aria-live": "polite"});
      this.weightMessage = el("p", {className: "cs-weight-message", "aria-live": "polite"});
      this.channelRows = this.example.input.map((_, c) => this.channelRow(c));
      this.summedRow = this.buildSummedRow();
      this.total = el("p", {className: "cs-total"});
      this.swapNote = el("p", {className: "cs-swap-note"});
      this.outputGrid = this.buildOutputMap();
      this.root.replaceChildren(
        el("h3", {className: "cs-title", text: w.stepper_title}),
        el("p", {text: w.stepper_intro}),
        el("p", {className: "cs-keys", text: w.stepper_keys}),
        controls, this.modeNote, this.where, this.weightMessage,
        el("div", {className: "cs-channels"}, this.channelRows.map((row) => row.node), this.summedRow.node),
        this.total,
        el("div", {className: "cs-output"}, el("p", {className: "cs-label", text: w.output_map}), this.outputGrid),
        this.swapNote);
      this.root.addEventListener("keydown", (event) => this.onKey(event));
    }

    /* A grid of numbers: a <div> per cell. */
    grid(rows, columns, className) {
      const node = el("div", {className: `cs-grid ${className}`, style: `--columns:${columns}`});
      const cells = [];
      for (let r = 0; r < rows; r++) {
        const line = [];
        for (let c = 0; c < columns; c++) {
          const cell = el("span", {className: "cs-cell"});
          node.append(cell);
          line.push(cell);
        }
        cells.push(line);
      }
      return {node, cells};
    }

    channelRow(c) {
      const w = this.words;
      const [height, width] = [this.example.input[0].length, this.example.input[0][0].length];
      const kh = this.example.kernels[0].length;
      const kw = this.example.kernels[0][0].length;
      const label = el("p", {className: "cs-label"});
      const input = this.grid(height, width, "cs-input");
      input.node.setAttribute("aria-hidden", "true");
      const windowText = hidden("");
      const kernel = el("div", {className: "cs-grid cs-kernel", style: `--columns:${kw}`, role: "group"});
      const weights = [];
      for (let i = 0; i < kh; i++) {
        const line = [];
        for (let j = 0; j < kw; j++) {
          const box = el("input", {type: "number", step: "1", min: -WEIGHT_LIMIT, max: WEIGHT_LIMIT,
                                   inputmode: "numeric", className: "cs-weight"});
          box.addEventListener("input", () => this.editWeight(c, i, j, box));
          kernel.append(box);
          line.push(box);
        }
        weights.push(line);
      }
      const kernelLabel = el("span", {className: "cs-caption"});
      const products = this.grid(kh, kw, "cs-products");
      products.node.setAttribute("aria-hidden", "true");
      const productsText = hidden("");
      const sum = el("span", {className: "cs-sum"});
      const node = el("div", {className: "cs-channel", "data-channel": c},
        label,
        el("div", {className: "cs-steps"},
          el("div", {className: "cs-part"}, input.node, windowText, el("span", {className: "cs-caption", text: w.window})),
          el("span", {className: "cs-op", "aria-hidden": "true", text: "⊙"}),
          el("div", {className: "cs-part"}, kernel, kernelLabel),
          el("span", {className: "cs-op", "aria-hidden": "true", text: "="}),
          el("div", {className: "cs-part"}, products.node, productsText,
            el("span", {className: "cs-caption", text: w.products})),
          el("span", {className: "cs-op", "aria-hidden": "true", text: "→"}),
          el("div", {className: "cs-part"}, sum, el("span", {className: "cs-caption", text: w.sum}))));
      return {node, label, input, windowText, kernel, kernelLabel, weights, products, productsText, sum};
    }

    buildSummedRow() {
      const w = this.words;
      const kh = this.example.kernels[0].length;
      const kw = this.example.kernels[0][0].length;
      const window = this.grid(kh, kw, "cs-window");
      const kernel = this.grid(kh, kw, "cs-kernel-copy");
      const sum = el("span", {className: "cs-sum"});
      const summedText = el("p", {className: "cs-summed-text"});
      const node = el("div", {className: "cs-channel cs-summed", "data-summed": ""},
        el("p", {className: "cs-label", text: w.summed_title}),
        el("div", {className: "cs-steps"},
          el("div", {className: "cs-part"}, window.node, el("span", {className: "cs-caption", text: w.window})),
          el("span", {className: "cs-op", "aria-hidden": "true", text: "⊙"}),
          el("div", {className: "cs-part"}, kernel.node,
            el("span", {className: "cs-caption", text: w.shared_kernel})),
          el("span", {className: "cs-op", "aria-hidden": "true", text: "→"}),
          el("div", {className: "cs-part"}, sum, el("span", {className: "cs-caption", text: w.sum}))),
        summedText);
      return {node, window, kernel, sum, summedText};
    }

    buildOutputMap() {
      const [rows, columns] = this.size;
      const node = el("div", {className: "cs-grid cs-map", style: `--columns:${columns}`, role: "group",
                              "aria-label": this.words.output_map});
      this.outputCells = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          const index = r * columns + c;
          const cell = el("button", {type: "button", className: "cs-cell cs-out", tabindex: "-1"});
          cell.addEventListener("click", () => this.go(index, {focus: false}));
          node.append(cell);
          this.outputCells.push(cell);
        }
      }
      return node;
    }

    editWeight(c, i, j, box) {
      const text = box.value.trim();
      const valid = /^-?\d+$/.test(text) && Math.abs(Number(text)) <= WEIGHT_LIMIT;
      if (!valid) {
        box.setAttribute("aria-invalid", "true");
        this.weightMessage.textContent = fillText(this.words.weight_invalid,
                                                  {low: this.number(-WEIGHT_LIMIT), high: this.number(WEIGHT_LIMIT)});
        return;
      }
      box.removeAttribute("aria-invalid");
      if (!this.root.querySelector(".cs-weight[aria-invalid]")) {
        this.weightMessage.textContent = "";
      }
      if (this.mode === "shared") {
        this.shared[i][j] = Number(text);
      } else {
        this.separate[c][i][j] = Number(text);
      }
      this.update();
    }

    togglePlay() {
      if (this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      } else {
        this.timer = setInterval(() => this.move(1, {wrap: true, fromPlay: true}), PLAY_INTERVAL_MS);
      }
      this.playButton.textContent = this.timer ? this.words.pause : this.words.play;
      // Stepping on its own, the position would be announced every second.
      this.where.setAttribute("aria-live", this.timer ? "off" : "polite");
    }

    move(delta, options) {
      const [rows, columns] = this.size;
      const total = rows * columns;
      let next = this.position + delta;
      if (options && options.wrap) {
        next = ((next % total) + total) % total;
      }
      this.go(Math.min(total - 1, Math.max(0, next)), options);
    }

    go(index, options) {
      this.position = index;
      this.update();
      if (options && options.focus) {
        this.outputCells[index].focus();
      }
    }

    onKey(event) {
      const target = event.target;
      if (target.matches("input[type=number], input[type=radio]")) {
        return;  // they use the arrows themselves
      }
      const [rows, columns] = this.size;
      const inMap = target.classList.contains("cs-out");
      const moves = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns};
      let next;
      if (event.key in moves) {
        next = this.position + moves[event.key];
        if (next < 0 || next >= rows * columns) {
          next = this.position;
        }
      } else if (event.key === "Home") {
        next = 0;
      } else if (event.key === "End") {
        next = rows * columns - 1;
      } else {
        return;
      }
      event.preventDefault();
      this.go(next, {focus: inMap});
    }

    update(options) {
      const w = this.words;
      const [rows, columns] = this.size;
      const row = Math.floor(this.position / columns);
      const column = this.position % columns;
      const input = this.input;
      const kernels = this.kernels;
      const bias = this.example.bias;
      const step = A.stepAt(input, kernels, bias, row, column);
      const map = A.outputMap(input, kernels, bias);
      const kh = kernels[0].length;
      const kw = kernels[0][0].length;

      this.root.setAttribute("data-mode", this.mode);
      this.root.setAttribute("data-swapped", String(this.swapped));
      this.root.setAttribute("data-position", JSON.stringify([row, column]));
      this.swapButton.setAttribute("aria-pressed", String(this.swapped));
      this.modeNote.textContent = w[`mode_${this.mode}_note`];
      this.where.textContent = fillText(w.position, {row: this.number(row), column: this.number(column),
                                                     index: this.number(this.position + 1),
                                                     total: this.number(rows * columns),
                                                     value: this.number(step.output)});

      step.channels.forEach((channel, c) => {
        const view = this.channelRows[c];
        const holds = this.swapped && c < 2 ? 1 - c : c;
        view.node.className = `cs-channel ${SWATCHES[holds] || ""}`;
        view.label.textContent = fillText(holds === c ? w.channel : w.channel_swapped,
                                          {c: this.number(c), name: this.names[holds] || ""});
        input[c].forEach((line, r) => line.forEach((value, k) => {
          const cell = view.input.cells[r][k];
          cell.textContent = this.number(value);
          cell.classList.toggle("cs-in-window", r >= row && r < row + kh && k >= column && k < column + kw);
        }));
        view.input.node.setAttribute("data-value", JSON.stringify(channel.window));
        view.windowText.textContent = `${w.window}: ${channel.window.map((l) => l.map((v) => this.number(v))
          .join(", ")).join("; ")}`;
        view.weights.forEach((line, i) => line.forEach((box, j) => {
          const value = kernels[c][i][j];
          box.setAttribute("aria-label", fillText(this.mode === "shared" ? w.shared_weight_label : w.weight_label,
                                                  {row: i, column: j, c}));
          if ((options && options.rebuildWeights) || (document.activeElement !== box
              && box.value !== String(value))) {
            box.value = String(value);
            box.removeAttribute("aria-invalid");
          }
        }));
        view.kernel.setAttribute("aria-label", this.mode === "shared" ? w.shared_kernel : w.kernel);
        view.kernel.setAttribute("data-value", JSON.stringify(kernels[c]));
        view.kernelLabel.textContent = this.mode === "shared" ? w.shared_kernel : w.kernel;
        channel.products.forEach((line, i) => line.forEach((value, j) => {
          view.products.cells[i][j].textContent = this.number(value);
        }));
        view.products.node.setAttribute("data-value", JSON.stringify(channel.products));
        view.productsText.textContent = `${w.products}: ${channel.products.map((l) => l.map((v) => this.number(v))
          .join(", ")).join("; ")}`;
        view.sum.textContent = this.number(channel.sum);
        view.sum.setAttribute("data-value", JSON.stringify(channel.sum));
      });

      // With a shared kernel: the summed channels under that one kernel.
      const summed = this.summedRow;
      summed.node.hidden = this.mode !== "shared";
      const plane = A.sumChannels(input);
      const summedStep = A.stepAt([plane], [this.shared], 0, row, column);
      summedStep.channels[0].window.forEach((line, i) => line.forEach((value, j) => {
        summed.window.cells[i][j].textContent = this.number(value);
        summed.kernel.cells[i][j].textContent = this.number(this.shared[i][j]);
      }));
      summed.window.node.setAttribute("data-value", JSON.stringify(summedStep.channels[0].window));
      const summedValue = summedStep.channels[0].sum;
      summed.sum.textContent = this.number(summedValue);
      summed.summedText.textContent = fillText(summedValue === step.total ? w.summed_same : w.summed_differs,
                                               {value: this.number(summedValue), total: this.number(step.total)});
      summed.sum.setAttribute("data-value", JSON.stringify(summedValue));

      const sums = step.channels.map((channel) => (channel.sum < 0 ? `(${this.number(channel.sum)})`
        : this.number(channel.sum))).join(" + ");
      this.total.textContent = fillText(w.total, {sums, total: this.number(step.total), bias: this.number(bias),
                                                  output: this.number(step.output)});
      this.total.setAttribute("data-total", JSON.stringify(step.total));
      this.total.setAttribute("data-value", JSON.stringify(step.output));

      map.forEach((line, r) => line.forEach((value, c) => {
        const index = r * columns + c;
        const cell = this.outputCells[index];
        const current = index === this.position;
        cell.textContent = this.number(value);
        cell.setAttribute("aria-label", fillText(w.output_cell, {row: r, column: c, value: this.number(value)}));
        cell.classList.toggle("cs-current", current);
        cell.tabIndex = current ? 0 : -1;
        if (current) {
          cell.setAttribute("aria-current", "true");
        } else {
          cell.removeAttribute("aria-current");
        }
      }));
      this.outputGrid.setAttribute("data-value", JSON.stringify(map));

      // What swapping red and green would do to the whole map, with these kernels.
      const other = A.outputMap(A.swapChannels(input, 0, 1), kernels, bias);
      const changes = A.countDifferences(map, other);
      this.swapNote.textContent = fillText(changes ? w.swap_some : w.swap_none,
                                           {count: this.number(changes), total: this.number(rows * columns)});
      this.swapNote.setAttribute("data-value", JSON.stringify(changes));
    }
  }

  function start() {
    if (!A) {
      return;
    }
    document.querySelectorAll(".convref-stepper[data-example][data-words]").forEach((root) => {
      root.stepper = new Stepper(root);
    });
    document.querySelectorAll(".convref-explorer[data-defaults][data-words]").forEach((root) => {
      root.explorer = new Explorer(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
