"""VGG16 and ResNets from convref.models against the same architectures written in plain torch.nn.

The torch versions below follow torchvision's source (and, for ``keras=True``,
``keras.applications.resnet``) as classes with their own ``forward``, not as
a transcription of convref's Sequential layout; they are built on the meta
device, so no weights are allocated.
"""

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from convref import models
from convref import summary

INPUT = (3, 224, 224)


class TorchVGG16(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        layers, channels = [], 3
        for stage_channels, convs in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
            for _ in range(convs):
                layers += [nn.Conv2d(channels, stage_channels, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
                channels = stage_channels
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(),
            nn.Linear(4096, num_classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, keras=False):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    """torchvision's v1.5 bottleneck (stride in conv2), or Keras' (stride in conv1, biases)."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, keras=False):
        super().__init__()
        eps = 1.001e-5 if keras else 1e-5
        self.conv1 = nn.Conv2d(inplanes, planes, 1, stride=stride if keras else 1, bias=keras)
        self.bn1 = nn.BatchNorm2d(planes, eps=eps)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1 if keras else stride, padding=1, bias=keras)
        self.bn2 = nn.BatchNorm2d(planes, eps=eps)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=keras)
        self.bn3 = nn.BatchNorm2d(planes * 4, eps=eps)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


class TorchResNet(nn.Module):
    def __init__(self, block, layers, num_classes=1000, keras=False):
        super().__init__()
        self.keras = keras
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=keras)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride=stride, bias=self.keras),
                nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample, keras=self.keras)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes, keras=self.keras) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def stages(self):
        return [nn.Sequential(self.conv1, self.bn1, self.relu, self.maxpool), self.layer1, self.layer2, self.layer3,
                self.layer4]

    def forward(self, x):
        for stage in self.stages():
            x = stage(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


def build(make):
    with torch.device("meta"):
        return make().eval()


def params(module):
    return sum(p.numel() for p in module.parameters())


def running_stats(module):
    return sum(b.numel() for name, b in module.named_buffers() if name.endswith(("running_mean", "running_var")))


def output_and_macs(module, input_shape):
    with torch.device("meta"):
        x = torch.empty(1, *input_shape)
    with FlopCounterMode(display=False) as counter:
        y = module(x)
    return tuple(y.shape[1:]), counter.get_total_flops() // 2


# (convref model, torch model, published trainable params, published GMACs from torchvision's model table)
MODELS = {
    "vgg16": (models.vgg16, lambda: TorchVGG16(), 138_357_544, 15.47),
    "resnet18": (models.resnet18, lambda: TorchResNet(BasicBlock, [2, 2, 2, 2]), 11_689_512, 1.81),
    "resnet50": (models.resnet50, lambda: TorchResNet(Bottleneck, [3, 4, 6, 3]), 25_557_032, 4.09),
    "resnet50-keras": (lambda: models.resnet50(keras=True),
                       lambda: TorchResNet(Bottleneck, [3, 4, 6, 3], keras=True), 25_583_592, None),
}


@pytest.fixture(scope="module", params=list(MODELS))
def pair(request):
    make_spec, make_torch, published, gmacs = MODELS[request.param]
    return make_spec(), build(make_torch), published, gmacs


def test_parameter_counts_match_torch_and_published_totals(pair):
    spec, module, published, _ = pair
    assert spec.num_params == params(module) == published
    assert spec.num_nontrainable == running_stats(module)


def test_output_shape_and_macs_match_torch(pair):
    spec, module, _, gmacs = pair
    shape, macs = output_and_macs(module, INPUT)
    assert spec.output_shape(INPUT) == shape == (1000,)
    assert spec.macs(INPUT) == macs
    if gmacs is not None:
        assert round(macs / 1e9, 2) == gmacs


def test_resnet_stage_shapes_match_torch():
    spec, module = models.resnet50(), build(lambda: TorchResNet(Bottleneck, [3, 4, 6, 3]))
    # convref's layout: conv1, bn1, relu, maxpool, layer1..layer4, avgpool, flatten, fc
    spec_stages = [spec[:4], *spec[4:8]]
    shape = torch_shape = INPUT
    with torch.device("meta"):
        x = torch.empty(1, *INPUT)
    for spec_stage, torch_stage in zip(spec_stages, module.stages()):
        for layer in spec_stage:
            shape = layer.output_shape(shape)
        x = torch_stage(x)
        torch_shape = tuple(x.shape[1:])
        assert shape == torch_shape
    assert shape == (2048, 7, 7)


def test_keras_resnet50_totals_as_keras_prints_them():
    model = models.resnet50(keras=True)
    table = summary(model, INPUT)
    assert (table.total_params, table.trainable_params, table.nontrainable_params) == (25_636_712, 25_583_592, 53_120)
    text = str(table)
    assert "Total params (Keras' count, with non-trainable ones): 25,636,712" in text
    assert "Trainable params (PyTorch's count): 25,583,592" in text
    assert "Non-trainable params (BatchNorm statistics): 53,120" in text
    # Keras' count is torch's plus one bias per conv output channel plus the running statistics.
    torch_resnet50 = models.resnet50()
    assert model.num_nontrainable == torch_resnet50.num_nontrainable == 53_120
    assert table.total_params - torch_resnet50.num_params == 26_560 + 53_120


def test_vgg16_summary_expanded_has_one_row_per_layer():
    table = summary(models.vgg16(), INPUT, expand=True)
    module = build(lambda: TorchVGG16())
    torch_layers = [*module.features, module.avgpool, nn.Flatten(), *module.classifier]
    assert len(table.rows) == len(torch_layers) == 31 + 2 + 7
    assert [row.params for row in table.rows] == [params(layer) for layer in torch_layers]
    assert sum(row.name.startswith("conv2d") for row in table.rows) == 13
    assert table.rows[-1].name == "linear_2"
    assert table.total_params == 138_357_544


def test_num_classes_changes_only_the_head():
    assert models.resnet18(num_classes=10).num_params == params(build(lambda: TorchResNet(BasicBlock, [2, 2, 2, 2],
                                                                                         num_classes=10)))
    assert models.vgg16(num_classes=10).output_shape(INPUT) == (10,)
