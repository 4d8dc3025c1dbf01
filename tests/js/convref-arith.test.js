// The arithmetic of the interactive pieces (conf/_static/interactive/convref-arith.js)
// against fixtures that convref computed: run by tests/test_interactive_fixtures.py,
// which writes the fixtures and passes their path in CONVREF_FIXTURES.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const arith = require(path.join(__dirname, "..", "..", "conf", "_static", "interactive", "convref-arith.js"));

const fixturesPath = process.env.CONVREF_FIXTURES;
if (!fixturesPath) {
  throw new Error("CONVREF_FIXTURES is not set: run tests/test_interactive_fixtures.py, which writes the fixtures");
}
const fixtures = JSON.parse(fs.readFileSync(fixturesPath, "utf8"));

// Integers travel as decimal strings, so that BigInts compare exactly.
const digits = (value) => (Array.isArray(value) ? value.map(digits) : value === null ? null : String(value));

test("there are enough layer fixtures of every kind", () => {
  assert.ok(fixtures.layers.length >= 500, `only ${fixtures.layers.length} layer fixtures`);
  const kinds = new Set(fixtures.layers.map((f) => f.kind));
  for (const kind of ["plain", "grouped", "depthwise", "dilated", "valid", "same", "same_even", "pair",
                      "bad_groups", "too_large", "same_stride", "bad_text"]) {
    assert.ok(kinds.has(kind), `no fixture of kind ${kind}`);
  }
});

test("layers: shapes, counts, padding and channel ranges equal convref's; errors name convref's argument", () => {
  for (const fixture of fixtures.layers) {
    const where = `${fixture.kind} ${JSON.stringify(fixture.given)}`;
    const result = arith.explore(fixture.given, fixtures.defaults);
    const expected = fixture.expected;
    if (expected.error) {
      assert.equal(result.ok, false, `${where}: convref raised "${expected.error.message}" but the JS accepted it`);
      assert.equal(result.error.code, expected.error.code, `${where}: ${expected.error.message}`);
      assert.ok(expected.error.arguments.includes(result.error.argument),
                `${where}: the JS names ${result.error.argument}, convref said "${expected.error.message}"`);
      continue;
    }
    assert.equal(result.ok, true, `${where}: the JS refused it (${result.ok ? "" : result.error.code})`);
    assert.deepEqual(digits(result.weightShape), expected.weight_shape, `${where}: weight shape`);
    assert.deepEqual(digits(result.biasShape), expected.bias_shape, `${where}: bias shape`);
    assert.deepEqual(digits(result.outputShape), expected.output_shape, `${where}: output shape`);
    assert.equal(String(result.params), expected.params, `${where}: parameters`);
    assert.equal(String(result.macs), expected.macs, `${where}: MACs`);
    assert.deepEqual(digits(result.padding), expected.padding, `${where}: padding`);
    if (expected.reads) {
      assert.deepEqual(digits(result.reads), expected.reads, `${where}: channels each filter reads`);
    }
    // The JSON the page puts in data-value keeps every digit.
    assert.equal(arith.toJSON(result.outputShape), `[${expected.output_shape.join(", ")}]`, where);
  }
});

test("BigInt JSON keeps every digit", () => {
  assert.equal(arith.toJSON([12345678901234567890123n, 2n]), "[12345678901234567890123, 2]");
  assert.equal(arith.toJSON({argument: "groups", values: [1n]}), '{"argument": "groups", "values": [1]}');
});

test("integers are written as convref.format_number writes them", () => {
  assert.ok(fixtures.numbers.length >= 100);
  for (const {value, lang, text} of fixtures.numbers) {
    assert.equal(arith.formatInteger(BigInt(value), lang), text, `${value} in ${lang}`);
  }
});

test("the stepper's windows, products, sums and output maps equal convref's per-channel maps", () => {
  assert.ok(fixtures.steps.length >= 50);
  for (const fixture of fixtures.steps) {
    const {input, kernels, bias} = fixture;
    const where = `step fixture ${fixture.id}`;
    assert.deepEqual(arith.outputSize(input, kernels), [fixture.output.length, fixture.output[0].length], where);
    assert.deepEqual(arith.outputMap(input, kernels, bias), fixture.output, `${where}: output map`);
    fixture.output.forEach((line, row) => line.forEach((value, column) => {
      const step = arith.stepAt(input, kernels, bias, row, column);
      step.channels.forEach((channel, c) => {
        assert.equal(channel.sum, fixture.maps[c][row][column], `${where}: channel ${c} at (${row}, ${column})`);
        // The window is the input the kernel covers; the products are window times kernel.
        channel.window.forEach((windowRow, i) => windowRow.forEach((x, j) => {
          assert.equal(x, input[c][row + i][column + j]);
          assert.equal(channel.products[i][j], x * kernels[c][i][j]);
        }));
      });
      assert.equal(step.output, value, `${where}: output at (${row}, ${column})`);
      assert.equal(step.total + bias, value);
    }));
    assert.deepEqual(arith.outputMap(arith.swapChannels(input, 0, 1), kernels, bias), fixture.swapped_output,
                     `${where}: output with channels 0 and 1 swapped`);
    assert.equal(arith.countDifferences(fixture.output, fixture.swapped_output), fixture.swap_changes,
                 `${where}: cells the swap changes`);
    assert.deepEqual(arith.sumChannels(input), fixture.channel_sum, `${where}: channels summed`);
  }
});

test("a shared kernel: the output is the kernel on the summed channels, and swapping changes nothing", () => {
  for (const fixture of fixtures.steps.filter((f) => f.shared)) {
    const {input, kernels, bias} = fixture;
    const summed = arith.outputMap([arith.sumChannels(input)], [kernels[0]], bias);
    assert.deepEqual(summed, fixture.output, `step fixture ${fixture.id}`);
    assert.equal(fixture.swap_changes, 0);
  }
});
