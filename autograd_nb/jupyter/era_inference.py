"""Which PyTorch era a notebook was written for, read from what it holds.

Stored outputs say the most: they are what the notebook printed then. Code idioms narrow the
choice where the outputs leave it open (0.1 and 0.2 print alike) and decide when there are no
outputs. ``1.x`` (torch 1.0-1.4) printed as ``modern`` does; what tells it apart is an error it
words as only torch <= 1.5 did. Signals that contradict each other, or none at all, give
``modern``, with the reason.

    >>> infer_style(nbformat.v4.new_notebook())
    Inference(style='modern', reason='no era signals in outputs or code, so modern')
"""
import re
from typing import NamedTuple

from .settings import STYLE_CHOICES

LEGACY = frozenset({"0.1", "0.2"})
# The Python Functions of PyTorch 0.2 whose nodes were FooBackward (research/print_spec.md §4.2)
BUILTIN_0_2 = ("Add", "AddConstant", "Sub", "SubConstant", "Mul", "MulConstant", "Div",
               "DivConstant", "Negate", "Pow", "PowConstant", "Exp", "Log", "Sqrt", "Sin", "Cos",
               "Tanh", "Sigmoid", "Abs", "Clamp", "CmaxConstant", "CminConstant", "Sum", "Mean",
               "Max", "Norm", "Prod", "Addmm", "Addmv", "Dot", "Transpose", "View", "Index",
               "IndexSelect", "Expand", "Concat", "Clone", "Threshold", "Softmax", "LogSoftmax")
MODERN = frozenset({"modern", "1.x"})  # both print tensor(…) and name nodes …Backward0
NEWEST_FIRST = ("modern", "1.x", "0.2", "0.1")


class Signal(NamedTuple):
    label: str
    eras: frozenset  # the eras in which a notebook could show this
    pattern: re.Pattern


def _signal(label, eras, pattern):
    return Signal(label, frozenset(eras), re.compile(pattern))


OUTPUT_SIGNALS = (
    _signal("'Variable containing:'", LEGACY, r"Variable containing:"),
    _signal("'[torch.FloatTensor of size …]'", LEGACY, r"\[torch\.\w*Tensor of size [\dx]+\]"),
    _signal("0.1 node names (torch.autograd._functions…)", {"0.1"},
            r"torch\.autograd\._functions\."),
    _signal("0.2's built-in nodes (torch.autograd.function.AddConstantBackward…)", {"0.2"},
            rf"torch\.autograd\.function\.({'|'.join(BUILTIN_0_2)})Backward\b"),
    # modern torch names the nodes of custom Functions so too
    _signal("nodes named torch.autograd.function.…Backward", {"0.2", "modern", "1.x"},
            r"torch\.autograd\.function\.\w+Backward"),
    _signal("'tensor(…)'", MODERN, r"(?m)^tensor\(|[\s(\[,]tensor\("),
    _signal("modern node names (…Backward0)", MODERN, r"<\w+Backward\d+[ >]"),
    # the backward-twice error as torch 0.2-1.5 worded it, and as torch >= 1.10 does
    _signal("'…but the buffers have already been freed' (torch <= 1.5)", {"0.2", "1.x"},
            r"second time, but the buffers have already been freed\. Specify retain_graph"),
    _signal("'…(or directly access saved tensors…' (torch >= 1.10)", {"modern"},
            r"second time \(or directly access saved tensors"),
    _signal("the non-leaf .grad warning (torch >= 1.5)", {"modern"},
            r"The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed"),
)

CODE_SIGNALS = (
    _signal(".creator", {"0.1"}, r"\.creator\b"),
    _signal("volatile=", LEGACY, r"\bvolatile\s*="),
    _signal("retain_variables=", LEGACY, r"\bretain_variables\s*="),
    _signal("Variable(", LEGACY, r"\bVariable\("),
    _signal(".grad_fn", {"0.2", "modern", "1.x"}, r"\.grad_fn\b"),
    _signal("0.4+ API (torch.tensor, no_grad, requires_grad=… in a factory, .item())", MODERN,
            r"\btorch\.(tensor|no_grad|inference_mode)\b|\.requires_grad_\(|\.item\(\)"
            r"|\btorch\.(ones|zeros|rand|randn|empty|full|eye|arange|linspace)\("
            r"[^()\n]*\brequires_grad\s*="),
)


class Inference(NamedTuple):
    style: str
    reason: str


class StyleError(ValueError):
    """A style override names no era."""


def choose_style(nb, override=None):
    """The style for ``nb``: ``override`` (the run's option), else the notebook's metadata
    ``{"autograd_nb": {"style": ...}}``, else what ``infer_style`` reads from it."""
    if override is not None:
        return Inference(_checked(override, "--autograd-nb-style"), "set by --autograd-nb-style")
    wanted = nb.get("metadata", {}).get("autograd_nb", {}).get("style")
    if wanted is not None:
        return Inference(_checked(wanted, "notebook metadata autograd_nb.style"),
                         "set by the notebook's metadata autograd_nb.style")
    return infer_style(nb)


def _checked(style, where):
    if style not in STYLE_CHOICES:
        raise StyleError(f"{where} is {style!r}; it must be one of: {', '.join(STYLE_CHOICES)}")
    return "0.2" if style == "legacy" else style


def infer_style(nb):
    """The era whose printing and behaviour ``nb``'s outputs and code show, with the reason."""
    shown = _found(OUTPUT_SIGNALS, _output_texts(nb))
    written = _found(CODE_SIGNALS, _code_texts(nb))
    if not shown and not written:
        return Inference("modern", "no era signals in outputs or code, so modern")
    if shown and not _common(shown):
        return Inference("modern", f"outputs disagree: {_listed(shown)}; so modern")
    if not shown and not _common(written):
        return Inference("modern", f"code idioms disagree: {_listed(written)}; so modern")
    both = _common(shown) & _common(written)
    eras = both or _common(shown)  # code that disagrees with the outputs still ran then
    evidence = "; ".join(f"{where}: {_listed(signals)}" for where, signals in
                         (("outputs", shown), ("code", written if both else [])) if signals)
    if eras == LEGACY:
        return Inference("0.2", f"{evidence}; nothing 0.1-only such as .creator, so 0.2")
    return Inference(next(era for era in NEWEST_FIRST if era in eras), evidence)  # the newest


def _found(signals, texts):
    return [signal for signal in signals if any(signal.pattern.search(text) for text in texts)]


def _common(signals):
    eras = frozenset(NEWEST_FIRST)
    for signal in signals:
        eras &= signal.eras
    return eras


def _listed(signals):
    return ", ".join(f"{signal.label} ({'/'.join(sorted(signal.eras))})" for signal in signals)


def _code_texts(nb):
    return [cell.get("source", "") for cell in nb.get("cells", ())
            if cell.get("cell_type") == "code"]


def _output_texts(nb):
    texts = []
    for cell in nb.get("cells", ()):
        for output in cell.get("outputs", ()):
            texts.append(_joined(output.get("text", "")))
            texts.append(_joined(output.get("data", {}).get("text/plain", "")))
            texts.append(output.get("evalue", ""))  # the error a cell raised
    return [text for text in texts if text]


def _joined(text):
    return "".join(text) if isinstance(text, list) else text
