"""The op tables, one module per family. Importing this package declares every op."""
from . import activation, linalg, pointwise, reduction, shape  # noqa: F401
from . import loss  # noqa: F401
from ._table import NODE_CLASSES, OPS, call, rename_node_classes  # noqa: F401
