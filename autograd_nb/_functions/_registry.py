"""The registry of torch's functions and Tensor methods: each is declared once, where it is
defined, with ``export``; the package's ``__all__``, the ``Tensor`` methods, their in-place
variants and the aliases are all read from here (``__init__`` and ``_attach``). What the
namespace and ``Tensor`` get first checks its arguments against torch's signatures
(``_signatures``); the module-level name stays the function as written, for the package's own
calls.

>>> @export(inplace=True)                 # torch.logaddexp, Tensor.logaddexp and .logaddexp_
... def logaddexp(input, other): ...
"""
from typing import Callable, NamedTuple, Optional

from ._signatures import checked_function, checked_method


class Export(NamedTuple):
    name: str
    value: object                 # the function (or, for return_types, the object) torch exports
    function: bool                # in the torch namespace (``__all__``)
    method: Optional[Callable]    # the Tensor method of this name, or None
    inplace: bool                 # also the Tensor method ``name + "_"``, in place
    unchecked: Optional[Callable]  # the method as declared: the in-place variant is made from it


EXPORTS = {}  # name -> Export, in declaration order


def export(value=None, *, name=None, function=True, method=True, inplace=False):
    """Declare ``value`` as torch's ``name`` (default: its ``__name__``).

    ``function``: a torch function (``torch.name``); ``method``: the Tensor method is ``value``
    itself (True), none (False), or the callable given (when the tensor is not the first
    argument, as ``Tensor.where``); ``inplace``: also a ``name_`` method that writes the result
    into the tensor. An alias is one more ``export`` of the same function under its own name.
    Works as a decorator (``@export(...)``) and as a call (``ger = export(outer, name="ger")``).
    """
    def declare(value):
        key = name or value.__name__
        if key in EXPORTS:
            raise ValueError(f"{key!r} is exported twice")
        own = value if method is True else method or None
        EXPORTS[key] = Export(key, checked_function(key, value), function,
                              None if own is None else checked_method(key, own), inplace, own)
        return value
    return declare if value is None else declare(value)


def functions():
    """The torch functions, name -> function."""
    return {e.name: e.value for e in EXPORTS.values() if e.function}


def methods(make_inplace):
    """The Tensor methods, name -> method, with ``make_inplace(method)`` as each ``name_``."""
    out = {}
    for e in EXPORTS.values():
        if e.method is not None:
            out[e.name] = e.method
            if e.inplace:
                out[e.name + "_"] = checked_method(e.name + "_", make_inplace(e.unchecked))
    return out
