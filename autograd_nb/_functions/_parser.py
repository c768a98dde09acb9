"""torch's argument parser, for its error messages: each public function is declared by its
signatures as torch prints them (``_signatures.py``), and a call whose arguments fit none of them
raises the TypeError torch raises, in torch's words. A call that fits goes on unchanged.

Declarations read ``name(Type arg, Type? arg = default, *, ...)``: ``?`` marks an argument that
may be None, ``*`` starts the keyword-only ones, ``|hidden`` marks an overload torch accepts but
does not list in its messages (deprecated forms).

>>> check = parser(("exp(Tensor input, *, Tensor? out = None)",))
>>> check((3,), {})
Traceback (most recent call last):
TypeError: exp(): argument 'input' (position 1) must be Tensor, not int
"""
import numbers
import re

import numpy as np

from .._core import _dtype
from .._core._tensor import Tensor

# Functions whose Tensor arguments also take Python numbers (torch wraps them as 0-d tensors).
NUMBERS_AS_TENSORS = frozenset((
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide",
    "floor_divide", "remainder", "fmod", "eq", "ne", "lt", "le", "gt", "ge", "greater",
    "greater_equal", "less", "less_equal", "not_equal", "bitwise_and", "bitwise_or",
    "bitwise_xor", "pow", "float_power", "add_", "sub_", "mul_", "div_"))


def _is_int(obj):
    if isinstance(obj, Tensor):     # a 0-d integer tensor stands for its value
        return obj._raw.ndim == 0 and obj._raw.dtype.kind in "iu"
    return isinstance(obj, (numbers.Integral, np.integer)) and not isinstance(obj, (bool,
                                                                                   np.bool_))


def _is_number(obj):
    if isinstance(obj, Tensor):
        return obj._raw.ndim == 0
    return isinstance(obj, (numbers.Number, np.number, np.bool_))


def _is_ints(obj, single):
    """torch matches a sequence as a tuple of ints by its first item; a later item that is not
    an int fails when the sequence is unpacked (``Signature.unpack_error``)."""
    if single and _is_int(obj):
        return True
    return isinstance(obj, (tuple, list)) and (not obj or _is_int(obj[0]))


_ACCEPTS = {  # printed type -> (object, numbers_as_tensors, single int ok) -> bool
    "Tensor": lambda o, numbers, _: isinstance(o, Tensor) or numbers and _is_number(o),
    "Number": lambda o, *_: _is_number(o),
    "int": lambda o, *_: _is_int(o),
    "float": lambda o, *_: _is_number(o) and not isinstance(o, (bool, complex)),
    "bool": lambda o, *_: isinstance(o, (bool, np.bool_)),
    "tuple of ints": lambda o, _, single: _is_ints(o, single),
    "tuple of Tensors": lambda o, *_: isinstance(o, (tuple, list))
    and all(isinstance(t, Tensor) for t in o),
    "torch.dtype": lambda o, *_: isinstance(o, _dtype.dtype),
    "str": lambda o, *_: isinstance(o, str),
}


_SURELY = {"Tensor": Tensor, "Number": float, "int": int, "float": float, "bool": bool,
           "str": str}


class _Param:
    __slots__ = (
        "index",
        "keyword_only",
        "name",
        "nullable",
        "required",
        "single",
        "surely",
        "text",
        "type",
    )

    def __init__(self, text, keyword_only, index):
        self.index = index
        decl, _, default = text.partition(" = ")
        kind, self.name = decl.rsplit(" ", 1)
        self.nullable = kind.endswith("?") or default == "None"
        kind = kind.rstrip("?")
        self.single = kind.endswith("]")      # tuple of ints[1]: one int will do
        self.type = re.sub(r"\[\d\]$", "", kind)
        self.required = not default
        self.keyword_only = keyword_only
        self.surely = _SURELY.get(self.type)   # a class always accepted: one identity test
        self.text = f"{self.type} {self.name}" + (f" = {default}" if default else "")

    def refusal(self, function, obj, where):
        """torch's words for ``obj`` given as this argument (a sequence names its bad item)."""
        head = f"{function}(): argument '{self.name}'{where} must be {self.type}"
        if self.type == "tuple of ints" and isinstance(obj, (tuple, list)):
            pos, item = next((i, o) for i, o in enumerate(obj) if not _is_int(o))
            return f"{head}, but found element of type {_type_name(item)} at pos {pos}"
        if self.type == "tuple of Tensors" and isinstance(obj, (tuple, list)):
            pos, item = next((i, o) for i, o in enumerate(obj) if not isinstance(o, Tensor))
            return (f"expected Tensor as element {pos} in argument {self.index}, but got "
                    f"{_type_name(item)}")
        return f"{head}, not {_type_name(obj)}"

    def accepts(self, obj, numbers):
        if obj is None:
            return self.nullable
        return _ACCEPTS[self.type](obj, numbers, self.single)


class Signature:
    """One overload: its parameters, and what it prints."""

    def __init__(self, text):
        head, _, flag = text.partition(" |")
        self.hidden = flag == "hidden"
        self.name, params = re.fullmatch(r"(\w+)\((.*)\)", head).groups()
        self.params, keyword_only = [], False
        for part in filter(None, params.split(", ")):
            if part == "*":
                keyword_only = True
            else:
                self.params.append(_Param(part, keyword_only, len(self.params)))
        self.n_positional = sum(not p.keyword_only for p in self.params)
        self.min_args = sum(p.required for p in self.params)
        # without keywords, a call fits only if it gives every parameter up to the last required
        self.n_required_positional = max((i + 1 for i, p in enumerate(self.params)
                                          if p.required), default=0)
        parts = []
        for i, p in enumerate(self.params):
            if p.keyword_only and (i == 0 or not self.params[i - 1].keyword_only):
                parts.append("*")
            parts.append(p.text)
        self.text = "(" + ", ".join(parts) + ")"
        self.numbers = self.name in NUMBERS_AS_TENSORS
        # x.view(2, 3): a lone tuple-of-ints argument (of no fixed length) may come as ints
        self.varargs = (self.n_positional == 1 and self.params[0].type == "tuple of ints"
                        and not self.params[0].single)

    def error(self, args, kwargs):
        """torch's TypeError text for a call that does not fit, or None when it fits."""
        name = self.name
        if self._packs(args):
            bad = next(((i, a) for i, a in enumerate(args) if not _is_int(a)), None)
            if bad is not None:
                return (f"{name}(): argument '{self.params[0].name}' failed to unpack the object "
                        f"at pos {bad[0] + 1} with error \"type must be tuple of ints,but got "
                        f"{_type_name(bad[1])}\"")
            args = (args,)
        if len(args) > self.n_positional:
            return self._too_many(len(args))
        for i, p in enumerate(self.params):
            if i < len(args):
                if not p.accepts(args[i], self.numbers):
                    return p.refusal(name, args[i], f" (position {i + 1})")
            elif p.name in kwargs:
                if not p.accepts(kwargs[p.name], self.numbers):
                    return p.refusal(name, kwargs[p.name], "")
            elif p.required:   # torch's plural is the other way round; kept, as texts are compared
                missing = [q.name for q in self.params[i:] if q.required and q.name not in kwargs]
                return (f"{name}() missing {len(missing)} required positional argument"
                        f"{'s' if len(missing) == 1 else ''}: "
                        + ", ".join(f'"{m}"' for m in missing))
        positional = {p.name for p in self.params[:len(args)]}
        names = {p.name for p in self.params}
        for key in kwargs:
            if key in positional:
                return f"{name}() got multiple values for argument '{key}'"
            if key not in names:
                return f"{name}() got an unexpected keyword argument '{key}'"
        return None

    def _too_many(self, given):
        """As torch words it: the required count counts required keyword-only arguments too."""
        low, high = self.min_args, self.n_positional
        takes = (f"{high} positional argument{'' if high == 1 else 's'}" if low == high
                 else f"from {low} to {high} positional arguments")
        verb = "was" if given == 1 and low == high else "were"   # torch's grammar, as it is
        return f"{self.name}() takes {takes} but {given} {verb} given"

    def fits(self, args, kwargs):
        """Whether the call fits (the common case: one cheap pass, no message built)."""
        if self.varargs and self._packs(args):
            if not all(_is_int(a) for a in args):
                return False
            args = (args,)
        if len(args) > self.n_positional:
            return False
        for p, obj in zip(self.params, args):
            if obj.__class__ is not p.surely and not p.accepts(obj, self.numbers):
                return False
        if kwargs:
            return self.error(args, kwargs) is None
        return len(args) >= self.n_required_positional

    def _packs(self, args):
        """x.view(2, 3): torch reads separate ints as the one tuple-of-ints argument when the
        first of them is an int."""
        return self.varargs and args and _is_int(args[0])

    def unpack_error(self, args, kwargs):
        """torch's text for a tuple of ints, matched by its first item, with another item that
        is not an int; None when every such argument unpacks."""
        for i, p in enumerate(self.params):
            if p.type != "tuple of ints":
                continue
            obj = args[i] if i < len(args) else kwargs.get(p.name)
            if isinstance(obj, (tuple, list)):
                bad = next(((j, o) for j, o in enumerate(obj) if not _is_int(o)), None)
                if bad is not None:
                    return (f"{self.name}(): argument '{p.name}' failed to unpack the object at "
                            f"pos {bad[0] + 1} with error \"type must be tuple of ints,but got "
                            f"{_type_name(bad[1])}\"")
        return None

    def plausible(self, n_args):
        return self.min_args <= n_args <= len(self.params)


def _type_name(obj):
    kind = type(obj)
    if isinstance(obj, Tensor):
        return "Tensor"
    if kind.__module__ == "numpy":
        return "numpy." + kind.__name__
    return kind.__name__


def _got(args, kwargs):
    """The arguments' types as torch lists them (keywords alone keep a trailing comma)."""
    words = [_type_name(a) for a in args] + [f"{k}={_type_name(v)}" for k, v in kwargs.items()]
    return ", ".join(words) + (", " if kwargs and not args else "")


def call_key(args, kwargs):
    """The arguments' classes and the keywords' names: for most calls, all that decides whether
    they fit (``parser``'s ``fits`` holds the keys of calls known to fit as given)."""
    if kwargs:
        return (*map(type, args), *kwargs, *map(type, kwargs.values()))
    return type(args[0]) if len(args) == 1 else tuple(map(type, args))   # one: the class


# Types whose acceptance of a Tensor depends on its value (a 0-d tensor stands for a number).
_TENSOR_BY_VALUE = frozenset(("int", "Number", "float", "tuple of ints"))
_MAX_KEYS = 64   # distinct call forms remembered per function: a program uses a handful


def _decided_by_classes(signatures, args, kwargs, chosen):
    """Whether the verdict on this call follows from ``call_key`` alone: no sequence (its items
    decide), and no Tensor where a number may stand (its value decides), in every signature or
    at least in ``chosen``, the first that fits, when no deprecated signature before it could
    take as many arguments: a call of the same classes then fits ``chosen`` or an earlier
    signature, either way as given (``x.sub_(y)``: ``sub_(Tensor other)`` takes any ``y``)."""
    objs = (*args, *kwargs.values())
    if any(isinstance(o, (tuple, list)) for o in objs):
        return False
    if not any(isinstance(o, Tensor) for o in objs):
        return True

    def by_value(s):
        paired = ([(s.params[0], a) for a in args] if s.varargs else zip(s.params, args))
        named = ((p, kwargs[p.name]) for p in s.params if p.name in kwargs)
        return any(isinstance(o, Tensor) and p.type in _TENSOR_BY_VALUE
                   for p, o in (*paired, *named))
    earlier = signatures[:signatures.index(chosen)]
    if not by_value(chosen) and not any(s.hidden and s.plausible(len(objs)) for s in earlier):
        return True
    return not any(by_value(s) for s in signatures)


def parser(declarations, fits=None):
    """A function ``check(args, kwargs)`` that raises torch's TypeError when the call fits none
    of ``declarations`` (see the module docstring), else returns the ``(args, kwargs)`` to call
    with: separate ints packed into one tuple where torch packs them, and the arguments of a
    deprecated overload passed by name. ``fits`` (``check.fits``): the set where it records the
    ``call_key`` of calls that fit as given whatever their values, so that a caller finding the
    key there can skip the check."""
    signatures = [Signature(text) for text in declarations]
    listed = [s for s in signatures if not s.hidden]
    fits = set() if fits is None else fits
    packs = set()   # the keys of calls whose separate ints torch packs into one tuple

    def check(args, kwargs):
        key = call_key(args, kwargs)
        if key in fits:
            return args, kwargs
        if key in packs:
            return (args,), kwargs
        for s in signatures:
            if s.fits(args, kwargs):
                unpacking = s.unpack_error((args,) if s._packs(args) else args, kwargs)
                if unpacking:
                    raise TypeError(unpacking)
                if s.hidden:   # a deprecated order (add(alpha, other)): pass by name instead
                    return (), {**dict(zip((p.name for p in s.params), args)), **kwargs}
                packed = s._packs(args) and len(args) > 1
                if (len(fits) + len(packs) < _MAX_KEYS
                        and _decided_by_classes(signatures, args, kwargs, s)):
                    (packs if packed else fits).add(key)
                return ((args,) if packed else args), kwargs
        errors = [s.error(args, kwargs) for s in signatures]
        unpacking = next((e for s, e in zip(signatures, errors)
                          if s._packs(args) and "failed to unpack" in e), None)
        if unpacking:   # torch raises this one as soon as it meets it
            raise TypeError(unpacking)
        if len(signatures) == 1:
            raise TypeError(errors[0])
        n_args = len(args) + len(kwargs)
        plausible = [e for s, e in zip(signatures, errors) if not s.hidden and s.plausible(
            n_args)]
        if len(plausible) == 1:
            raise TypeError(plausible[0])
        name = signatures[0].name
        if len(listed) == 1:
            unknown = [k for k in kwargs if k == listed[0].params[0].name
                       or k not in {p.name for p in listed[0].params}]
            if unknown:
                raise TypeError(f"{name}() received an invalid combination of arguments - got "
                                "unrecognized keyword arguments: " + ", ".join(unknown))
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"({_got(args, kwargs)}), but expected {listed[0].text}")
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({_got(args, kwargs)}), "
                        "but expected one of:\n" + "".join(f" * {s.text}\n" for s in listed))
    check.fits = fits
    return check
