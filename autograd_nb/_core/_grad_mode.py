"""Grad mode: whether ops record the graph. Thread-local, as in torch.

``no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode`` work as context
managers and as decorators.
"""
import functools
import inspect
import threading


class _State(threading.local):
    enabled = True       # class attributes give every thread its own defaults
    inference = False


STATE = _State()


def is_grad_enabled():
    """True when ops record the graph (the default)."""
    return STATE.enabled


def is_inference_mode_enabled():
    return STATE.inference


class _GradModeContext:
    """Base of the grad-mode context managers: enter sets a mode, exit restores the previous."""

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def _wrap_generator(self, func):
        """A generator runs in the mode each time it resumes, as torch's decorators do."""
        @functools.wraps(func)
        def generator(*args, **kwargs):
            gen = func(*args, **kwargs)
            sent = None
            while True:
                with self.clone():
                    try:
                        item = gen.send(sent)
                    except StopIteration as stop:
                        return stop.value
                sent = yield item
        return generator

    def clone(self):
        return self.__class__()

    def __enter__(self):
        self._prev = (STATE.enabled, STATE.inference)
        self._apply()

    def __exit__(self, *exc):
        STATE.enabled, STATE.inference = self._prev
        return False


class _BareDecorator(_GradModeContext):
    """Also usable as ``@no_grad`` without parentheses, as torch's."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return object.__new__(cls)
        if not callable(orig_func):
            raise TypeError(f"{cls.__name__}() takes no arguments")
        return cls()(orig_func)


class no_grad(_BareDecorator):
    """Context manager and decorator that turns off graph recording.

    >>> x = autograd_nb.ones(2, requires_grad=True)
    >>> with autograd_nb.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    def __enter__(self):  # the base's with _apply inlined: training loops enter this every step
        state = STATE
        self._prev = (state.enabled, state.inference)
        state.enabled = False


class enable_grad(_BareDecorator):
    """Context manager and decorator that turns graph recording back on (inside ``no_grad``)."""

    def _apply(self):
        STATE.enabled = True


class set_grad_enabled(_GradModeContext):
    """Set grad mode on or off; as a function call it takes effect at once, as torch's does."""

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, "
                            f"not {type(mode).__name__}")
        self._prev = (STATE.enabled, STATE.inference)
        self.mode = mode
        STATE.enabled = mode

    def __call__(self, func):
        STATE.enabled = self._prev[0]  # as a decorator, the mode holds inside ``func`` only
        return super().__call__(func)

    def clone(self):
        return self.__class__(self.mode)

    def __enter__(self):
        pass  # already applied by __init__, which also saved the mode to restore

    def _apply(self):
        STATE.enabled = self.mode


class inference_mode(_GradModeContext):
    """Like ``no_grad``; tensors made inside report ``is_inference()``."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool) or not callable(mode):
            return super().__new__(cls)
        return cls()(mode)  # ``@inference_mode`` without parentheses

    def __init__(self, mode=True):
        if not isinstance(mode, bool):
            raise TypeError(f"inference_mode(): argument 'mode' must be bool, not "
                            f"{type(mode).__name__}")
        self.mode = mode

    def clone(self):
        return self.__class__(self.mode)

    def _apply(self):
        if self.mode:
            STATE.enabled = False
            STATE.inference = True
        else:
            STATE.inference = False
