"""nn.Linear: y = x W^T + b."""
import math

from ..._functions._creation import empty
from .. import functional as F, init
from ..parameter import Parameter
from .module import Module


class Linear(Module):
    """A fully connected layer: ``weight`` (out_features, in_features) and ``bias``
    (out_features), initialised as torch does, uniform in ±1/sqrt(in_features).

    >>> layer = nn.Linear(3, 2)
    >>> layer(autograd_nb.ones(5, 3)).shape
    torch.Size([5, 2])
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty(out_features, in_features, dtype=dtype, device=device))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype, device=device))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # torch's choice: kaiming_uniform_ with a = sqrt(5) gives the bound 1 / sqrt(fan_in)
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
