"""Print options: torch's (precision, threshold, ...) plus the era ``style``.

One module-level object holds them; every printer reads it at print time, so changing an option
(or the style) changes how existing tensors print.
"""
import math

STYLES = ("modern", "1.x", "0.2", "0.1")
# Print as torch 2.x: "1.x" is torch 1.0-1.4, which printed so but raised and warned as then.
MODERN_STYLES = ("modern", "1.x")
STYLE_ALIASES = {"legacy": "0.2", "0.3": "0.2"}
_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


class PrintOptions:
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode", "style")

    def __init__(self):
        self.precision = 4
        self.threshold = 1000
        self.edgeitems = 3
        self.linewidth = 80
        self.sci_mode = None
        self.style = "modern"


PRINT_OPTS = PrintOptions()


def canonical_style(style):
    """'legacy' -> '0.2'; ValueError naming the valid choices for anything unknown."""
    style = STYLE_ALIASES.get(style, style)
    if style not in STYLES:
        raise ValueError(f"style must be one of 'modern', '1.x', '0.2', 'legacy', '0.1', "
                         f"got {style!r}")
    return style


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None, *, style=None):
    """Set tensor print options, as ``torch.set_printoptions``, plus the era ``style``.

    >>> import autograd_nb as torch
    >>> torch.set_printoptions(style="legacy")   # print like PyTorch 0.2
    >>> torch.set_printoptions(style="modern")

    Every argument is checked before any is applied, so a bad call changes nothing.
    """
    new = {}
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"profile must be one of 'default', 'short', 'full', got {profile!r}")
        new.update(_PROFILES[profile])
    for name, value in (("precision", precision), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise TypeError(f"{name} must be a non-negative int, got {value!r}")
            new[name] = value
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise TypeError(f"threshold must be a number, got {threshold!r}")
        new["threshold"] = threshold
    if sci_mode is not None and not isinstance(sci_mode, bool):
        raise TypeError(f"sci_mode must be None, True or False, got {sci_mode!r}")
    new["sci_mode"] = sci_mode  # torch resets sci_mode to auto whenever it is not given
    if style is not None:
        new["style"] = canonical_style(style)
    for name, value in new.items():
        setattr(PRINT_OPTS, name, value)


def get_printoptions():
    """The current print options as a dict, as ``torch.get_printoptions``, plus ``style``."""
    return {name: getattr(PRINT_OPTS, name) for name in PrintOptions.__slots__}
