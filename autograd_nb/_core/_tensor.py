"""The Tensor: a NumPy array plus what autograd needs to know about it.

Only state and the autograd attributes live here; the math (operators, methods) and the legacy
constructor ``torch.Tensor(...)`` are attached from ``_functions`` (so that ``torch.exp(x)`` and
``x.exp()`` are one function), ``repr`` from ``eras``, each layer above this one.
"""
import copy
import warnings

import numpy as np

from . import _device, _dtype, _engine, _layout, _storage, _views
from ._engine import RemovableHandle
from ._errors import (INT_REQUIRES_GRAD, INT_REQUIRES_GRAD_SETTER, NONLEAF_GRAD_WARNING,
                      NONLEAF_REQUIRES_GRAD, NONLEAF_REQUIRES_GRAD_FALSE, NUMPY_REQUIRES_GRAD)


# Bits of Tensor._flags. VARIABLE and VOLATILE are the legacy eras' (a tensor made by
# Variable(...) under style 0.1/0.2, and volatile propagation); INFERENCE marks tensors made
# under inference_mode; CONJ, the result of conj() of a complex tensor (is_conj()).
VARIABLE, VOLATILE, INFERENCE, CONJ = 1, 2, 4, 8


class Size(tuple):
    """torch.Size: a tuple of ints that prints as ``torch.Size([2, 2])``."""

    __slots__ = ()

    def __repr__(self):
        return "torch.Size([" + ", ".join(str(s) for s in self) + "])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out

    def __add__(self, other):
        return Size(tuple(self) + tuple(other))


class Tensor:
    """A multi-dimensional array that records the operations on it for differentiation.

    >>> x = autograd_nb.ones(2, 2, requires_grad=True)
    >>> (x * 3).sum().backward()
    >>> x.grad
    tensor([[3., 3.],
            [3., 3.]])
    """

    # The fields every op reads live in slots; the ones most tensors never set are class
    # defaults, stored per tensor (in a lazily made __dict__) only once set. Fewer writes per
    # tensor matter: learners' notebooks make thousands of tiny ones.
    #
    # _raw: the values, an ndarray, or for a 0-d float tensor made by the hot paths (the
    # arithmetic operators, one-input elementwise ops, a leaf's first gradient) its NumPy
    # scalar, whose arithmetic costs a fraction of a ufunc call on a 0-d array with the same
    # bits. A scalar is never shared: everything except those paths reads ``_data``, which
    # turns it into a 0-d array once, before anything can view, alias or modify it in place.
    # _vc: the version counter, a one-item list shared by a tensor and its views, or None
    # until something needs it (``_version_counter`` makes it): most op results are never
    # saved, changed in place or viewed, and then never get one.
    __slots__ = ("_raw", "_requires_grad", "_grad_fn", "_vc", "__dict__", "__weakref__")
    _output_nr = 0
    _grad = None
    _base = None
    _views = None                # see _views: a base's views, how a view was made, and
    _view_meta = 0               # whether it has an edge to its base
    _no_edge = None
    _acc = None                  # weak reference to the leaf's AccumulateGrad
    _tensor_hooks_list = None
    _retains_grad = False
    _flags = 0

    __array_priority__ = 1000  # ndarray (op) Tensor defers to our reflected operators

    @property
    def _data(self):
        """The values as an ndarray (the array every view, alias and in-place op shares)."""
        data = self._raw
        if type(data) is not np.ndarray:
            data = self._raw = np.array(data)  # a 0-d tensor's scalar: its array from now on
        return data

    @_data.setter
    def _data(self, data):
        self._raw = data

    @property
    def _version_counter(self):
        """The version counter (``[count]``), made on first use."""
        counter = self._vc
        if counter is None:
            counter = self._vc = [0]
        return counter

    @_version_counter.setter
    def _version_counter(self, counter):
        self._vc = counter

    @classmethod
    def _make(cls, data, requires_grad=False, grad_fn=None, output_nr=0, version=None):
        """Wrap an ndarray without copying; the internal constructor of every op result."""
        t = object.__new__(cls)
        t._raw = data
        t._requires_grad = requires_grad
        t._grad_fn = grad_fn
        t._vc = version
        if output_nr:
            t._output_nr = output_nr
        return t

    # -- autograd attributes -----------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._grad_fn is not None or self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if not isinstance(value, bool):
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None:
            raise RuntimeError(NONLEAF_REQUIRES_GRAD_FALSE if not value else NONLEAF_REQUIRES_GRAD)
        if value and self._raw.dtype.kind not in "fcV":
            raise RuntimeError(INT_REQUIRES_GRAD_SETTER)
        self._requires_grad = value
        if self._views is not None:
            _views.base_requires_grad_set(self, value)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` in place and return self. A non-leaf can't be made not to
        require grad (it already requires it: ``True`` changes nothing)."""
        if not isinstance(requires_grad, bool):
            raise TypeError("requires_grad_(): argument 'requires_grad' (position 1) must be "
                            f"bool, not {type(requires_grad).__name__}")
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(NONLEAF_REQUIRES_GRAD_FALSE)
            return self
        if requires_grad and self._raw.dtype.kind not in "fcV":
            raise RuntimeError(INT_REQUIRES_GRAD)
        self._requires_grad = requires_grad
        if self._views is not None:
            _views.base_requires_grad_set(self, requires_grad)
        return self

    @property
    def grad_fn(self):
        if self._no_edge.__class__ is str:  # a view whose history can't be used (see _views)
            raise RuntimeError(self._no_edge)
        return self._grad_fn

    @property
    def is_leaf(self):
        if self._no_edge.__class__ is str:
            raise RuntimeError(self._no_edge)
        return self._grad_fn is None

    @property
    def grad(self):
        if self._grad is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(NONLEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError("assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor "
                    f"of size '{list(self.shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size")
            if value._raw.dtype != self._raw.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype.cpp_name}' to a "
                    f"tensor with grad_dtype '{self.dtype.scalar_name}'. The gradient must "
                    "match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                    "the tensor's grad_dtype attribute with a specific dtype, or None to allow "
                    "any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                    "its gradient may break downstream systems that assume they match.")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep ``.grad`` for this non-leaf tensor after backward (a no-op on leaves)."""
        if self._grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        if self._retains_grad:
            return
        self._retains_grad = True
        import weakref
        ref = weakref.ref(self)
        nr = self._output_nr

        def store(grad):
            tensor = ref()
            if tensor is not None:
                if tensor._grad is None:
                    tensor._grad = _grad_value(grad, copy=True)
                else:
                    tensor._grad = tensor._grad + _grad_value(grad, copy=False)
            return grad
        store.retains_grad = True  # user hooks are inserted before this one
        _node_hooks(self._grad_fn).append((nr, store))

    def register_hook(self, hook):
        """``hook(grad)`` is called with this tensor's gradient and may return a replacement.

        >>> h = x.register_hook(lambda g: g * 2)
        >>> h.remove()
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is None:
            _engine.OBSERVED.leaves.add(self)  # backward runs leaves' accumulators in order
            if self._tensor_hooks_list is None:
                self._tensor_hooks_list = []
            checked = _checked_hook(hook)
            self._tensor_hooks_list.append(checked)
            return RemovableHandle(self._tensor_hooks_list, checked)
        hooks = _node_hooks(self._grad_fn)
        entry = (self._output_nr, _array_hook(hook))
        # retain_grad stores the gradient after every user hook has run, as torch does.
        position = next((i for i, (_, h) in enumerate(hooks)
                         if getattr(h, "retains_grad", False)), len(hooks))
        hooks.insert(position, entry)
        return RemovableHandle(hooks, entry)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor w.r.t. graph leaves, accumulating into ``.grad``.

        >>> out = (x * x).sum()
        >>> out.backward()
        """
        _backward.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        """A tensor sharing this one's data, cut from the graph."""
        out = Tensor._make(self._data, version=self._version_counter)
        if self._base is not None:
            out._base = self._base
            out._view_meta = None  # shares the memory, is no view that autograd follows
        return out

    def detach_(self):
        if self._base is not None and self._base.requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are "
                               "using DistributedDataParallel (DDP) for training, and "
                               "gradient_as_bucket_view is set as True, gradients are views of "
                               "DDP buckets, and hence detach_() cannot be called on these "
                               "gradients. To fix this error, please refer to the "
                               "Optimizer.zero_grad() function in torch/optim/optimizer.py as "
                               "the solution.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    def _is_view(self):
        """Whether this tensor shares the memory of another (``_base``)."""
        return self._base is not None

    @property
    def _version(self):
        """How many in-place changes this tensor's memory has seen (shared by its views)."""
        return self._version_counter[0]

    @property
    def data(self):
        out = Tensor._make(self._data)
        return out

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._requires_grad and value._raw.dtype.kind not in "fc":
            raise RuntimeError("data set to a tensor that requires gradients must be floating "
                               "point or complex dtype")
        self._data = value._data

    def is_inference(self):
        return bool(self._flags & INFERENCE)

    @property
    def volatile(self):
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                      stacklevel=2)
        return False

    @volatile.setter
    def volatile(self, value):
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                      stacklevel=2)

    # -- shape and type ------------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._raw.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._raw.shape)
        from ._dims import wrap_dim  # late: _dims imports Tensor
        return self._raw.shape[wrap_dim(dim, self._raw.ndim)]

    def dim(self):
        return self._raw.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._raw.ndim

    def numel(self):
        return self._raw.size

    nelement = numel

    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._raw.dtype)

    @property
    def device(self):
        return _device.CPU

    @property
    def is_cuda(self):
        return False

    @property
    def layout(self):
        return _layout.strided

    def is_floating_point(self):
        return self._raw.dtype.kind == "f" or self._raw.dtype.name == "bfloat16"

    def is_complex(self):
        return self._raw.dtype.kind == "c"

    def is_conj(self):
        return bool(self._flags & CONJ)

    def element_size(self):
        return self._raw.itemsize

    def stride(self, dim=None):
        a = self._data
        if a.size or not a.ndim or any(a.strides):  # a view keeps its base's strides
            strides = tuple(s // a.itemsize for s in a.strides)
        else:  # NumPy gives an empty array zero strides; torch, a contiguous layout's
            strides, step = [], 1
            for n in reversed(a.shape):
                strides.insert(0, step)
                step *= max(n, 1)
            strides = tuple(strides)
        return strides if dim is None else strides[_stride_dim(dim, a.ndim)]

    def is_contiguous(self):
        return self._data.flags["C_CONTIGUOUS"]

    def data_ptr(self):
        return self._data.__array_interface__["data"][0]

    # -- values out ------------------------------------------------------------------------
    def numpy(self, *, force=False):
        """The NumPy array behind this tensor (shared, not copied)."""
        if self.requires_grad and not force:
            raise RuntimeError(NUMPY_REQUIRES_GRAD)
        if self._raw.dtype.kind == "V":  # ml_dtypes' bfloat16: NumPy has no such type
            raise TypeError("Got unsupported ScalarType BFloat16")
        if self._flags & CONJ and not force:
            raise RuntimeError("Can't call numpy() on Tensor that has conjugate bit set. Use "
                               "tensor.resolve_conj().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        if self.requires_grad:
            raise RuntimeError(NUMPY_REQUIRES_GRAD)
        if copy:
            return np.array(self._data, dtype=dtype, copy=True)
        return self._data if dtype is None else self._data.astype(dtype, copy=False)

    def item(self):
        if self._raw.size != 1:
            raise RuntimeError(f"a Tensor with {self._raw.size} elements cannot be converted "
                               "to Scalar")
        return self._raw.item()

    def tolist(self):
        return self._data.tolist()

    def __len__(self):
        if self._raw.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._raw.shape[0]

    def __iter__(self):
        if self._raw.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self):
        if self._raw.size != 1:
            raise RuntimeError("Boolean value of Tensor with "
                               f"{'no values' if not self._raw.size else 'more than one value'}"
                               " is ambiguous")
        return bool(self._raw)

    def __float__(self):
        return float(self._real_scalar("double"))

    def __int__(self):
        return int(self._real_scalar("int64_t"))

    def _real_scalar(self, c_type):
        value = self._scalar()
        if isinstance(value, complex):  # torch takes the real part of a real complex number
            if value.imag:
                raise RuntimeError(f"value cannot be converted to type {c_type} without "
                                   "overflow")
            value = value.real
        return value

    def __index__(self):
        if self._raw.dtype.kind not in "iub" or self._raw.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __complex__(self):
        return complex(self._scalar())

    def _scalar(self):
        if self._raw.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._raw.item()

    def __format__(self, spec):
        if self._raw.ndim == 0:
            return format(self.item(), spec)
        return object.__format__(self, spec)

    def __hash__(self):
        return id(self)

    # -- pickling / copying ------------------------------------------------------------------
    # As torch: pickle copies the values, copy.copy shares them, and both give a leaf that
    # requires grad if this tensor did (a non-leaf too); no grad, a fresh version counter at 1
    # (torch rebuilds with set_, one version), and attributes a user set travel along.
    def __reduce_ex__(self, protocol):
        return (_rebuild, (self._data, self.requires_grad, user_state(self)))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support "
                               "the deepcopy protocol at the moment.  If you were attempting to "
                               "deepcopy a module, this may be because of a torch.nn.utils."
                               "weight_norm usage, see https://github.com/pytorch/pytorch/pull/"
                               "103001")
        out = Tensor._make(_storage.deepcopy(self._data, memo), self._requires_grad, version=[1])
        memo[id(self)] = out
        if self._grad is not None:
            out._grad = copy.deepcopy(self._grad, memo)
        for key, value in user_state(self).items():
            setattr(out, key, copy.deepcopy(value, memo))
        return out


_engine.Tensor = Tensor  # the engine needs the class; importing it there would be circular


def _rebuild(data, requires_grad, state=None):
    tensor = Tensor._make(data, requires_grad=requires_grad, version=[1])
    for key, value in (state or {}).items():
        setattr(tensor, key, value)
    return tensor


def user_state(tensor):
    """Attributes a user set on ``tensor`` (``t.note = ...``), not the tensor's own fields."""
    fields = getattr(tensor, "__dict__", None)
    return {k: v for k, v in fields.items() if not hasattr(Tensor, k)} if fields else {}


def _node_hooks(node):
    return node._hook_lists().tensor


def _grad_value(grad, copy):
    if isinstance(grad, Tensor):
        return grad if not copy else Tensor._make(grad._data.copy())
    return Tensor._make(np.array(grad, copy=True) if copy else np.asarray(grad))


def _array_hook(hook):
    """A user hook (Tensor -> Tensor or None) as the engine calls it on arrays or Tensors."""
    hook = _checked_hook(hook)

    def run(grad):
        is_array = not isinstance(grad, Tensor)
        result = hook(Tensor._make(np.asarray(grad)) if is_array else grad)
        if result is None:
            return grad
        return result._data if is_array else result
    return run


def _checked_hook(hook):
    """``hook`` refusing, with torch's words, a result that is not None or a Tensor of the
    gradient's dtype and shape."""
    def checked(grad):
        result = hook(grad)
        if result is not None:
            _engine.check_hook_result(hook, result, grad)
        return result
    return checked


def read_only_properties(cls):
    """Setting a property without a setter (``x.grad_fn = ...``, ``x.shape = ...``) raises
    torch's AttributeError, in its words."""
    for name, value in list(vars(cls).items()):
        if isinstance(value, property) and value.fset is None:
            setattr(cls, name, property(value.fget, _refuse_setting(name), doc=value.__doc__))


def _refuse_setting(name):
    def refuse(self, value):
        raise AttributeError(f"attribute '{name}' of 'torch._C.TensorBase' objects is not "
                             "writable")
    return refuse


def _stride_dim(dim, ndim):
    """``stride(dim)``'s dim, with torch's errors."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"stride(): argument 'dim' (position 1) must be int, not "
                        f"{type(dim).__name__}")
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                         f"{ndim - 1}], but got {dim})")
    return dim


from . import _backward  # noqa: E402  (it imports Tensor from here)
