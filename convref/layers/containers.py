"""Layers made of layers: ``Sequential`` chains, ``Residual`` blocks, and :func:`convref.walk` through both."""

from __future__ import annotations

from .. import _checks
from .._public import public
from ._base import CHANNELS_FIRST, Layer


def _indent(text):
    """Indent every line but the first, as PyTorch's module repr does."""
    return text.replace("\n", "\n  ")


def _composite_repr(name, children):
    if not children:
        return f"{name}()"
    lines = "".join(f"\n  ({key}): {_indent(repr(child))}" for key, child in children)
    return f"{name}({lines}\n)"


@public
class Sequential(Layer):
    """Layers applied one after the other, like ``torch.nn.Sequential``.

    Parameters
    ----------
    *layers
        Layer specifications (possibly composites themselves).

    Examples
    --------
    What shape leaves a small convolutional stack, and how many parameters has it?

    >>> net = Sequential(Conv2d(3, 8, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(8 * 16 * 16, 10))
    >>> net.output_shape((3, 32, 32)), net.num_params
    ((10,), 20714)
    >>> len(net), net[0]
    (5, Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)))
    """

    def __init__(self, *layers):
        for position, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{position}] must be a layer specification such as Conv2d(...), "
                                f"got {layer!r} ({type(layer).__name__})")
        self.layers = layers

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __getitem__(self, index):
        return self.layers[index]

    @property
    def num_params(self):
        return sum(layer.num_params for layer in self.layers)

    @property
    def num_nontrainable(self):
        return sum(layer.num_nontrainable for layer in self.layers)

    def _input_rank(self):
        # The first layer that knows its rank decides, unless a layer that changes
        # the rank (Flatten) comes before it.
        for layer in self.layers:
            rank = layer._input_rank()
            if rank is not None or not layer._keeps_rank:
                return rank
        return None

    @property
    def _keeps_rank(self):
        return all(layer._keeps_rank for layer in self.layers)

    @property
    def _meaning(self):
        for layer in self.layers:
            if layer._input_rank() is not None:
                return layer._meaning
        return CHANNELS_FIRST

    def _shapes(self, input_shape):
        """Yield (layer, its input shape, its output shape) along the chain, for one sample."""
        shape = _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
        for position, layer in enumerate(self.layers):
            try:
                output = layer._output_shape(shape)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{error} (in layer {position} of the Sequential, {type(layer).__name__})") from None
            yield layer, shape, output
            shape = output

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
        for _, _, shape in self._shapes(shape):
            pass
        return shape

    def _macs(self, input_shape):
        return sum(layer._macs(shape) for layer, shape, _ in self._shapes(input_shape))

    def __repr__(self):
        return _composite_repr("Sequential", [(str(i), layer) for i, layer in enumerate(self.layers)])


@public
class Residual(Layer):
    """A residual block: ``body(x) + shortcut(x)``, the shortcut being the identity by default.

    The two branches must give the same shape; the parameters are the sum of
    both branches'.

    Parameters
    ----------
    body : layer specification
        The main branch (usually a :class:`Sequential`).
    shortcut : layer specification or None
        The side branch; None means the identity. ResNet uses a 1×1
        convolution (and batch normalization) when the body changes the shape.

    Examples
    --------
    How many parameters has a ResNet basic block at 64 channels, and what shape comes out?

    >>> body = Sequential(Conv2d(64, 64, 3, padding=1, bias=False), BatchNorm2d(64), ReLU(),
    ...                   Conv2d(64, 64, 3, padding=1, bias=False), BatchNorm2d(64))
    >>> block = Residual(body)
    >>> block.num_params, block.output_shape((64, 56, 56))
    (73984, (64, 56, 56))
    """

    def __init__(self, body, shortcut=None):
        if not isinstance(body, Layer):
            raise TypeError(f"body must be a layer specification, got {body!r} ({type(body).__name__})")
        if shortcut is not None and not isinstance(shortcut, Layer):
            raise TypeError(f"shortcut must be a layer specification or None, got {shortcut!r} "
                            f"({type(shortcut).__name__})")
        self.body = body
        self.shortcut = shortcut

    def _branches(self):
        return [self.body] + ([] if self.shortcut is None else [self.shortcut])

    @property
    def num_params(self):
        return sum(branch.num_params for branch in self._branches())

    @property
    def num_nontrainable(self):
        return sum(branch.num_nontrainable for branch in self._branches())

    def _input_rank(self):
        return self.body._input_rank()

    @property
    def _keeps_rank(self):
        return self.body._keeps_rank

    @property
    def _meaning(self):
        return self.body._meaning

    def _output_shape(self, input_shape):
        shape = _checks.shape(input_shape, "input_shape", meaning=CHANNELS_FIRST)
        body_shape = self.body._output_shape(shape)
        shortcut_shape = shape if self.shortcut is None else self.shortcut._output_shape(shape)
        if body_shape != shortcut_shape:
            which = "the identity shortcut passes" if self.shortcut is None else "the shortcut gives"
            raise ValueError(f"for input_shape {shape} the Residual body gives {body_shape} but {which} "
                             f"{shortcut_shape}; the two branches must agree to be added")
        return body_shape

    def _macs(self, input_shape):
        self._output_shape(input_shape)
        return sum(branch._macs(input_shape) for branch in self._branches())

    def __repr__(self):
        children = [("body", self.body)] + ([] if self.shortcut is None else [("shortcut", self.shortcut)])
        return _composite_repr("Residual", children)



@public
def walk(layer):
    """Every elementary layer inside ``layer``, in order, through Sequential and Residual.

    A Residual yields its body, then its shortcut (if any).

    Examples
    --------
    How many convolutions does ResNet-18 hold, counting the 1×1 shortcuts?

    >>> from convref import models
    >>> sum(isinstance(m, Conv2d) for m in walk(models.resnet18()))
    20
    """
    if isinstance(layer, Sequential):
        for child in layer:
            yield from walk(child)
    elif isinstance(layer, Residual):
        for branch in layer._branches():
            yield from walk(branch)
    elif isinstance(layer, Layer):
        yield layer
    else:
        raise TypeError(f"layer must be a convref layer specification, got {type(layer).__name__}")
