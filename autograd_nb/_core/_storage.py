"""A tensor's array as torch sees it: a view (offset, strides) into one flat buffer, its storage.

NumPy keeps that buffer as the ``base`` chain of a view. Saving, loading and ``deepcopy`` use
this to keep views that shared memory sharing it, as torch's storages do.
"""
import numpy as np


def placement(array):
    """``(root, offset, strides)`` of ``array`` in elements of the array that owns its memory,
    or None where torch could not express the view (negative strides, another dtype)."""
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    itemsize = array.itemsize
    offset = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    if (root.dtype != array.dtype or not (root.flags.c_contiguous or root.flags.f_contiguous)
            or offset % itemsize or any(s < 0 or s % itemsize for s in array.strides)):
        return None
    return root, offset // itemsize, tuple(s // itemsize for s in array.strides)


def flat(root):
    """The root's elements in memory order, copied into a new writable 1-d buffer."""
    return np.ravel(root, order="K").copy()


def view(buffer, offset, shape, strides):
    """The view of a 1-d ``buffer`` at ``offset`` with ``shape`` and ``strides`` (elements)."""
    return np.lib.stride_tricks.as_strided(buffer[offset:], tuple(shape),
                                           tuple(s * buffer.itemsize for s in strides))


def deepcopy(array, memo):
    """A copy of ``array``; arrays viewing one buffer within one ``copy.deepcopy`` call view one
    copied buffer (kept in ``memo``)."""
    placed = placement(array)
    if placed is None:
        return array.copy()
    root, offset, strides = placed
    key = ("autograd_nb storage", id(root))
    if key not in memo:
        memo[key] = (root, flat(root))  # the root stays referenced, so its id stays its own
    return view(memo[key][1], offset, array.shape, strides)
