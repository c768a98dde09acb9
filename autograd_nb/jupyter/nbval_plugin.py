"""``pytest --nbval --autograd-nb PATHS``: validate anyone's torch notebooks on autograd_nb.

A pytest plugin (entry point ``pytest11``), dormant unless ``--autograd-nb`` is given: then every
notebook nbval collects runs on a kernel of this environment in which ``import torch`` is
autograd_nb, in the era the notebook shows (``era_inference``) or ``--autograd-nb-style``, with
addresses and kernel file names masked (``nbval_notebook``). The notebooks stay untouched.

    $ python -m pytest --nbval --autograd-nb course/
"""
import pytest

from .settings import STYLE_CHOICES


def pytest_addoption(parser):
    group = parser.getgroup("autograd_nb", "torch notebooks on autograd_nb (with nbval)")
    group.addoption("--autograd-nb", action="store_true", dest="autograd_nb",
                    help="run the notebooks nbval collects with `import torch` giving "
                         "autograd_nb, in the era each notebook shows")
    group.addoption("--autograd-nb-style", choices=STYLE_CHOICES, dest="autograd_nb_style",
                    help="with --autograd-nb: run every notebook in this era instead of "
                         "the inferred one")


def pytest_configure(config):
    option = config.option
    if not option.autograd_nb:
        if option.autograd_nb_style is not None:
            raise pytest.UsageError("--autograd-nb-style needs --autograd-nb")
        return
    try:
        from .nbval_notebook import AutogradNbRun
    except ImportError as missing:  # nbval or its Jupyter dependencies
        raise pytest.UsageError(f"--autograd-nb needs nbval: pip install nbval ({missing})")
    if getattr(option, "nbval_kernel_name", None):
        raise pytest.UsageError(
            "--autograd-nb runs each notebook on a kernel of this Python environment in which "
            "`import torch` is autograd_nb, so it cannot be combined with --nbval-kernel-name "
            f"{option.nbval_kernel_name!r}. Leave that option out.")
    if not (option.nbval or option.nbval_lax):
        option.nbval = True  # the flag alone means strict nbval, as --nbval --autograd-nb
    config.pluginmanager.register(AutogradNbRun(config), "autograd_nb-run")
