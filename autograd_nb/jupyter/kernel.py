"""A Jupyter kernel in which ``import torch`` is autograd_nb, and its kernelspec.

``python -m autograd_nb.kernel install [--user | --sys-prefix | --prefix P] [--name N]
[--style S]`` writes the kernelspec "Python 3 (autograd_nb as torch)"; ``... uninstall [--name N]``
removes it. The kernel it names is ipykernel's, started by ``launch`` with ``prepare`` applied, so
a teacher picks it in JupyterLab's launcher and runs any torch autograd notebook unchanged.

    $ python -m autograd_nb.kernel install --user --style 0.2
"""
import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from . import alias, gaps
from .era_display import show_results_as
from .settings import STYLE_CHOICES, set_style

DEFAULT_NAME = "autograd_nb"
DISPLAY_NAME = "Python 3 (autograd_nb as torch{era})"  # era: ", 0.2" when not modern
LAUNCHER = "autograd_nb.kernel"


def prepare(shell, style="modern"):
    """Make ``shell`` a torch kernel: the extension loaded, ``import torch`` giving autograd_nb
    (also where the real torch is installed), the era ``style`` (results shown as that era's
    kernel showed them), and features autograd_nb lacks named in errors. Changes nothing in the
    user's namespace or history."""
    shell.extension_manager.load_extension("autograd_nb")
    alias.enable()
    set_style(style)
    show_results_as(shell, style)
    gaps.install(shell)


def kernel_json(style="modern"):
    """The kernelspec's kernel.json: this Python runs ``launch`` with the era ``style``."""
    return {"argv": [sys.executable, "-m", LAUNCHER, "launch", "--style", style,
                     "-f", "{connection_file}"],
            "display_name": DISPLAY_NAME.format(era="" if style == "modern" else f", {style}"),
            "language": "python", "metadata": {"debugger": True}}


def install(name=DEFAULT_NAME, style="modern", user=False, prefix=None):
    """Install the kernelspec (ipykernel's logos, our kernel.json); return its directory."""
    from ipykernel.kernelspec import RESOURCES
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / name
        shutil.copytree(RESOURCES, source)
        (source / "kernel.json").write_text(json.dumps(kernel_json(style), indent=1))
        return KernelSpecManager().install_kernel_spec(
            str(source), name, user=user, prefix=prefix, replace=True)


def uninstall(name=DEFAULT_NAME, user=False, prefix=None):
    """Remove the kernelspec ``name`` installed by ``install``; refuse any other kernelspec."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    manager = KernelSpecManager()
    if user or prefix is not None:
        manager.kernel_dirs = [_kernels_dir(manager, user, prefix)]
    try:
        found = Path(manager.get_kernel_spec(name).resource_dir)
    except NoSuchKernel:
        raise SystemExit(f"no kernelspec named {name!r} in {', '.join(manager.kernel_dirs)}")
    if LAUNCHER not in json.loads((found / "kernel.json").read_text())["argv"]:
        raise SystemExit(f"the kernelspec {name!r} at {found} is not autograd_nb's; "
                         "remove it with: jupyter kernelspec remove " + name)
    shutil.rmtree(found)
    return found


def _kernels_dir(manager, user, prefix):
    if user:
        return manager.user_kernel_dir
    return str(Path(prefix) / "share" / "jupyter" / "kernels")


def launch(style, argv):
    """Run ipykernel with ``argv`` (``-f CONNECTION_FILE``) and ``prepare`` applied."""
    from ipykernel.kernelapp import IPKernelApp
    app = IPKernelApp.instance()
    app.initialize(argv)
    prepare(app.shell, style)
    app.start()


def main(argv=None):
    """``python -m autograd_nb.kernel install|uninstall|launch ...``"""
    args, rest = _parser().parse_known_args(argv)
    if args.command == "launch":
        return launch(args.style, rest)
    if rest:
        _parser().error(f"unrecognized arguments: {' '.join(rest)}")
    prefix = sys.prefix if args.sys_prefix else args.prefix
    if args.command == "install":
        where = install(args.name, args.style, args.user, prefix)
        print(f"Installed kernelspec {args.name} ({kernel_json(args.style)['display_name']}) "
              f"in {where}")
    else:
        print(f"Removed kernelspec {args.name} from {uninstall(args.name, args.user, prefix)}")


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m autograd_nb.kernel",
        description="The Jupyter kernel in which `import torch` is autograd_nb.")
    parser.add_argument("command", choices=("install", "uninstall", "launch"),
                        help="install or uninstall the kernelspec; launch is what it runs")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for the current user only")
    where.add_argument("--sys-prefix", action="store_true",
                       help="in this Python environment (sys.prefix)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels")
    parser.add_argument("--name", default=DEFAULT_NAME, help=f"default: {DEFAULT_NAME}")
    parser.add_argument("--style", choices=STYLE_CHOICES, default="modern",
                        help=f"the era the kernel starts in: {', '.join(STYLE_CHOICES)}")
    return parser
