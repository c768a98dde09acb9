"""An unpickler that runs only what an allow-list names: ``torch.load(..., weights_only=True)``.

It interprets the opcodes itself (decoded by ``pickletools.genops``) instead of handing them to
``pickle.Unpickler``: every global comes from the allow-list, only allow-listed callables are
called, and ``BUILD`` only fills an ``OrderedDict``'s attributes or a type the user allow-listed.
A file can therefore describe data, never run code.
"""
import _compat_pickle
import ast
import collections
import pickle
import pickletools
import re
import warnings

_DOCS = ("\n\nCheck the documentation of torch.load to learn more about types accepted by default "
         "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")
_RERUN = ("In PyTorch 2.6, we changed the default value of the `weights_only` argument in "
          "`torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set "
          "to `False` will likely succeed, but it can result in arbitrary code execution. Do it "
          "only if you got the file from a trusted source.")


class UnsupportedGlobal(pickle.UnpicklingError):
    """A global the allow-list does not name (the error text tells how to allow it)."""


def weights_only_error(exc):
    """torch's framing of a weights-only failure around ``exc``."""
    if isinstance(exc, UnsupportedGlobal):
        return pickle.UnpicklingError(
            "Weights only load failed. This file can still be loaded, to do so you have two "
            "options, \x1b[1mdo those steps only if you trust the source of the checkpoint"
            f"\x1b[0m. \n\t(1) {_RERUN}\n\t(2) Alternatively, to load with `weights_only=True` "
            "please check the recommended steps in the following error message.\n\t"
            f"WeightsUnpickler error: {exc}" + _DOCS)
    return pickle.UnpicklingError(
        f"Weights only load failed. {_RERUN}\nPlease file an issue with the following so that "
        "we can make `weights_only=True` compatible with your use case: WeightsUnpickler "
        f"error: \n\n{exc}" + _DOCS)


def unsupported_global(qualified):
    return UnsupportedGlobal(
        f"Unsupported global: GLOBAL {qualified} was not an allowed global by default. Please "
        f"use `torch.serialization.add_safe_globals([{qualified}])` or the "
        f"`torch.serialization.safe_globals([{qualified}])` context manager to allowlist this "
        "global if you trust this class/function.")


class WeightsUnpickler:
    """``load()`` the object pickled in ``data``; ``find_class(module, name)`` answers globals
    (raising for what it does not allow), ``persistent_load(pid)`` storages.

    >>> WeightsUnpickler(pickle.dumps([1, 2], 2), find, storage).load()
    [1, 2]
    """

    def __init__(self, data, find_class, persistent_load, user_types=()):
        self.data = data
        self.find_class = find_class
        self.persistent_load = persistent_load
        self.user_types = tuple(user_types)  # allow-listed by the user: BUILD may fill them
        self.stack, self.metastack, self.memo = [], [], {}
        self.callables = set()

    def load(self):
        try:
            for opcode, arg, _ in pickletools.genops(self.data):
                if opcode.name == "STOP":
                    return self.stack.pop()
                handler = _HANDLERS.get(opcode.name)
                if handler is None:
                    raise pickle.UnpicklingError(f"Unsupported operand {ord(opcode.code)}")
                handler(self, arg)
        except ValueError as exc:
            unknown = re.fullmatch(r"at position \d+, opcode b'(.+)' unknown", str(exc))
            if unknown is None:
                raise pickle.UnpicklingError(f"ValueError: {exc}") from None
            code = ast.literal_eval(f"b'{unknown.group(1)}'")[0]  # as torch names it: its byte
            raise pickle.UnpicklingError(f"Unsupported operand {code}") from None
        except (IndexError, KeyError, TypeError, AttributeError) as exc:
            # a malformed pickle (genops' decoding errors, a stack or mark that is not there)
            raise pickle.UnpicklingError(f"{type(exc).__name__}: {exc}") from None

    # -- helpers -------------------------------------------------------------------------------
    def pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def push_global(self, module, name):
        # Protocol 2 writes Python 2's names (__builtin__.set); pickle maps them back likewise.
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        obj = self.find_class(module, name)
        if callable(obj):
            self.callables.add(id(obj))
        self.stack.append(obj)

    def call(self, func, args):
        if id(func) not in self.callables:
            raise pickle.UnpicklingError("Trying to call reduce for unrecognized function "
                                         f"{func!r}")
        return func(*args)

    def build(self, state):
        inst = self.stack[-1]
        if type(inst) is collections.OrderedDict:
            inst.__dict__.update(state)
        elif isinstance(inst, self.user_types) and type(inst) in self.user_types:
            if hasattr(inst, "__setstate__"):
                inst.__setstate__(state)
            else:
                inst.__dict__.update(state)
        else:
            raise pickle.UnpicklingError("Can only build Tensor, Parameter, OrderedDict or types "
                                         "allowlisted via `add_safe_globals`, but got "
                                         f"{type(inst)}")

    def get(self, index):
        try:
            self.stack.append(self.memo[index])
        except KeyError:
            raise pickle.UnpicklingError(f"Memo value not found at index {index}") from None


def _push(value):
    return lambda u, arg: u.stack.append(value)


def _push_arg(u, arg):
    u.stack.append(arg)


def _tuple(n):
    def make(u, arg):
        items = tuple(u.stack[-n:]) if n else ()
        del u.stack[len(u.stack) - n:]
        u.stack.append(items)
    return make


def _setitems(u, arg):
    items = u.pop_mark()
    target = u.stack[-1]
    for i in range(0, len(items), 2):
        target[items[i]] = items[i + 1]


def _from_mark(kind):
    def make(u, arg):
        items = u.pop_mark()  # first: it replaces u.stack
        u.stack.append(kind(items))
    return make


def _dict(u, arg):
    items = u.pop_mark()
    u.stack.append(dict(zip(items[::2], items[1::2])))


def _setitem(u, arg):
    value, key = u.stack.pop(), u.stack.pop()
    u.stack[-1][key] = value


def _reduce(u, arg):
    args = u.stack.pop()
    u.stack[-1] = u.call(u.stack[-1], args)


def _newobj(u, arg):
    args = u.stack.pop()
    cls = u.stack.pop()
    if id(cls) not in u.callables or not isinstance(cls, type):
        raise pickle.UnpicklingError(f"Trying to instantiate unrecognized class {cls!r}")
    u.stack.append(cls.__new__(cls, *args))


def _stack_global(u, arg):
    name, module = u.stack.pop(), u.stack.pop()
    if not isinstance(name, str) or not isinstance(module, str):
        raise pickle.UnpicklingError("STACK_GLOBAL requires str")
    u.push_global(module, name)


def _global(u, arg):
    module, name = arg.split(" ", 1)
    u.push_global(module, name)


def _put(u, arg):
    u.memo[arg] = u.stack[-1]


def _memoize(u, arg):
    u.memo[len(u.memo)] = u.stack[-1]


def _proto(u, arg):
    if arg > pickle.HIGHEST_PROTOCOL:
        raise pickle.UnpicklingError(f"unsupported pickle protocol: {arg}")
    if arg != 2:  # torch writes protocol 2; its unpickler warns about the others (and has no FRAME)
        warnings.warn(f"Detected pickle protocol {arg} in the checkpoint, which was not the "
                      "default pickle protocol used by `torch.load` (2). The weights_only "
                      "Unpickler might not support all instructions implemented by this "
                      "protocol, please file an issue for adding support if you encounter this.",
                      UserWarning, stacklevel=2)


def _ignore(u, arg):
    pass


def _mark(u, arg):
    u.metastack.append(u.stack)
    u.stack = []


def _persid(u, arg):
    u.stack.append(u.persistent_load(u.stack.pop()))


def _build(u, arg):
    u.build(u.stack.pop())


def _appends(u, arg):
    items = u.pop_mark()
    u.stack[-1].extend(items)


def _additems(u, arg):
    items = u.pop_mark()
    u.stack[-1].update(items)


_HANDLERS = {
    "PROTO": _proto, "MARK": _mark, "POP_MARK": lambda u, a: u.pop_mark(),
    "POP": lambda u, a: u.stack.pop(), "DUP": lambda u, a: u.stack.append(u.stack[-1]),
    "NONE": _push(None), "NEWTRUE": _push(True), "NEWFALSE": _push(False),
    **{name: _push_arg for name in (
        "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
        "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES",
        "SHORT_BINBYTES", "BINBYTES8")},
    "EMPTY_TUPLE": _tuple(0), "TUPLE1": _tuple(1), "TUPLE2": _tuple(2), "TUPLE3": _tuple(3),
    "TUPLE": _from_mark(tuple),
    "EMPTY_LIST": lambda u, a: u.stack.append([]),
    "LIST": _from_mark(list),
    "APPEND": lambda u, a: u.stack[-2].append(u.stack.pop()), "APPENDS": _appends,
    "EMPTY_DICT": lambda u, a: u.stack.append({}),
    "DICT": _dict,
    "SETITEM": _setitem, "SETITEMS": _setitems,
    "EMPTY_SET": lambda u, a: u.stack.append(set()), "ADDITEMS": _additems,
    "FROZENSET": _from_mark(frozenset),
    "GLOBAL": _global, "STACK_GLOBAL": _stack_global, "REDUCE": _reduce, "NEWOBJ": _newobj,
    "BUILD": _build, "BINPERSID": _persid,
    "PUT": _put, "BINPUT": _put, "LONG_BINPUT": _put, "MEMOIZE": _memoize,
    **{name: (lambda u, a: u.get(a)) for name in ("GET", "BINGET", "LONG_BINGET")},
}
