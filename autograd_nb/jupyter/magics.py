"""The ``%autograd`` line magic and ``%%autograd`` cell magic.

Every command checks all of its arguments before it changes anything, and every bad argument
raises ``UsageError`` naming the valid choices, so a mistyped magic leaves the kernel as it was.
"""
import ast
import contextlib
import sys

from IPython.core import magic_arguments
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import display

import autograd_nb
from autograd_nb import eras
from autograd_nb.autograd.graph import Node

from . import alias
from . import graph as drawing
from .display import backward_graph, display_mode, set_display_mode
from .era_display import show_results_as, showing_results_as
from .settings import STYLE_CHOICES, set_style, using_grad_mode, using_style

COMMANDS = ("status", "style", "torch", "graph", "inspect", "step", "display")
EXPRESSION_COMMANDS = ("graph", "inspect", "step")  # their argument is raw Python, not words
HELP = ("--help", "-h", "help")
GRAPH_OPTIONS = ("--dot", "--widget", "--values")
GRAPH_FORMATS = ("--dot", "--widget")  # at most one of these; --values goes with --dot or none
DISPLAY_MODES = ("rich", "plain")
TORCH_SWITCH = ("on", "off")


def _choices(values):
    return ", ".join(values)


@magics_class
class AutogradMagics(Magics):
    """``%autograd`` and ``%%autograd``; registered by ``%load_ext autograd_nb``."""

    @magic_arguments.magic_arguments()
    @magic_arguments.argument(
        "--style", choices=STYLE_CHOICES,
        help="cell magic only: run the cell in this era, then switch back")
    @magic_arguments.argument(
        "--no-grad", action="store_true",
        help="cell magic only: run the cell with grad mode off, then switch back")
    @magic_arguments.argument(
        "--graph", action="store_true",
        help="cell magic only: draw the backward graph of the cell's last expression")
    @magic_arguments.argument(
        "command", nargs="?", choices=COMMANDS,
        help="line magic: what to do (default: status)")
    @magic_arguments.argument("args", nargs="*", help="line magic: the command's arguments")
    @line_cell_magic
    def autograd(self, line, cell=None):
        """Settings, drawings and widgets of autograd_nb.

        Line magic::

          %autograd                         one status line: version, style, grad mode,
                                            torch alias, display mode
          %autograd style [modern|1.x|0.2|legacy|0.1]
                                            print or name things as that PyTorch era,
                                            and show results as its kernel did (0.1/0.2:
                                            IPython 5's layout, NumPy 1.13's arrays)
                                            (no argument: show the current style)
          %autograd torch [on|off]          make `import torch` (torch.nn, torch.optim,
                                            torch.autograd...) give autograd_nb in this
                                            kernel, or stop doing so
          %autograd graph [--values] [--dot|--widget] EXPR
                                            draw the backward graph of the tensor EXPR
                                            (SVG, a PNG copy for untrusted notebooks, a
                                            text tree for terminals), print its Graphviz
                                            DOT source, or open the graph widget; --values
                                            writes each box's values (leaves, outputs,
                                            named results) and each leaf's .grad into the
                                            drawing
          %autograd inspect EXPR            the tensor inspector widget for the tensor EXPR
          %autograd step EXPR               run EXPR.backward() in the backward stepper:
                                            step 0 is before the pass, then one node a step
          %autograd display [rich|plain]    show tensors as HTML and nodes as drawings, or
                                            as torch's plain text (the default)
          %autograd --help                  this text (also: %autograd?)

        Settings commands say in one line what they changed, e.g. "style: 0.2 (was
        modern)". Leaves in drawings and the stepper are named after the variables of the
        notebook, and parameters after their module: "model.0.weight".

        Cell magic::

          %%autograd [--style S] [--no-grad] [--graph]
          <code>

        runs the cell in style S and/or with grad mode off, then restores both, also when
        the cell raises; --graph draws the backward graph of the cell's last expression.
        """
        __tracebackhide__ = True  # noqa: F841 - IPython leaves these frames out of tracebacks
        if cell is not None:
            return self._cell(self._parse(line), cell)
        command, _, rest = line.strip().partition(" ")
        if command in HELP and not rest.strip():
            print(self.autograd.__doc__)
            return None
        if command in EXPRESSION_COMMANDS:
            return getattr(self, "_" + command)(rest.strip())
        args = self._parse(line)
        if args.style is not None or args.no_grad or args.graph:
            raise UsageError("--style, --no-grad and --graph are options of the cell magic "
                             "%%autograd; on one line use: %autograd style S")
        handler = getattr(self, "_" + (args.command or "status"))
        return handler(args.args)

    def _parse(self, line):
        try:
            return magic_arguments.parse_argstring(self.autograd, line)
        except ValueError as error:  # shlex: e.g. an unclosed quote
            raise UsageError(f"could not read the arguments {line!r}: {error}") from None

    # -- line commands ----------------------------------------------------------------------
    def _status(self, args):
        _no_arguments("status", args)
        print(status_line(self.shell))

    def _style(self, args):
        _choose("style", args, STYLE_CHOICES, eras.current_style, self._set_style)

    def _set_style(self, style):
        set_style(style)
        show_results_as(self.shell, style)

    def _torch(self, args):
        switch = args[0] if len(args) == 1 else ("on" if not args else None)
        if switch not in TORCH_SWITCH:
            raise UsageError(f"%autograd torch takes one of: {_choices(TORCH_SWITCH)} "
                             f"(default on); got {' '.join(args)!r}")
        was = "on" if alias.is_enabled() else "off"
        if switch == "off":
            alias.disable()
        else:
            try:
                alias.enable()
            except alias.AliasRefused as refusal:
                raise UsageError(str(refusal)) from None
        print(f"torch alias: {switch} (was {was})")

    def _display(self, args):
        _choose("display", args, DISPLAY_MODES, lambda: display_mode(self.shell),
                lambda mode: set_display_mode(self.shell, mode))

    def _graph(self, text):
        options, expression = _leading_options(text)
        _check_graph_options(options)
        root = self._evaluate("graph", expression)
        if not _drawable(root):
            raise UsageError(f"%autograd graph needs a tensor, a graph node or a list of "
                             f"tensors; {expression!r} is {_kind(root)}")
        if "--widget" in options:
            from .widgets import GraphWidget
            return GraphWidget(root)
        graph = backward_graph(root, values="--values" in options)
        if "--dot" in options:
            print(drawing.to_dot(graph), end="")
            return None
        return drawing.GraphView(graph)

    def _inspect(self, text):
        tensor = self._evaluate("inspect", text)
        if not isinstance(tensor, autograd_nb.Tensor):
            raise UsageError(f"%autograd inspect needs a tensor; {text!r} is {_kind(tensor)}")
        from .widgets import TensorInspector
        return TensorInspector(tensor, name=text)

    def _step(self, text):
        root = self._evaluate("step", text)
        if not isinstance(root, autograd_nb.Tensor):
            raise UsageError(f"%autograd step needs a tensor; {text!r} is {_kind(root)}")
        from .widgets import BackwardStepper
        try:
            return BackwardStepper(root)
        except (RuntimeError, ValueError) as error:  # e.g. no grad_fn, a second backward
            raise UsageError(f"%autograd step: {error}") from None

    def _evaluate(self, command, expression):
        if not expression:
            raise UsageError(f"%autograd {command} needs an expression, e.g. "
                             f"%autograd {command} out")
        try:
            return self.shell.ev(expression)
        except (Exception, SystemExit) as error:  # the user's expression, not our bug
            raise UsageError(f"%autograd {command}: could not evaluate {expression!r}: "
                             f"{type(error).__name__}: {error}") from None

    # -- the cell magic ---------------------------------------------------------------------
    def _cell(self, args, cell):
        """Run the cell under the options. Its last value is shown from inside, while the
        options still hold: returned, it would be shown after they were undone."""
        if args.command is not None or args.args:
            raise UsageError("the cell magic takes only options: "
                             "%%autograd [--style S] [--no-grad] [--graph]")
        __tracebackhide__ = True  # noqa: F841
        with contextlib.ExitStack() as restore:
            if args.style is not None:
                restore.enter_context(using_style(args.style))
                restore.enter_context(showing_results_as(self.shell, args.style))
            if args.no_grad:
                restore.enter_context(using_grad_mode(False))
            try:
                value = self._execute(cell)
            except BaseException as error:
                raise _as_the_cells_own(error, self.shell) from None
            if args.graph and not isinstance(value, autograd_nb.Tensor):
                raise UsageError("--graph draws the backward graph of the cell's last "
                                 f"expression, which must be a tensor; it is {_kind(value)}")
            if value is not None and not cell.rstrip().endswith(";"):
                self.shell.displayhook(value)  # Out[n], _ and Out as for any cell
            if args.graph:
                display(drawing.GraphView(backward_graph(value)))

    def _execute(self, cell):
        """Run ``cell`` in the user's namespace and return its last expression's value, as
        ``%%time`` does; errors propagate, so the cell fails as a normal cell would."""
        __tracebackhide__ = True  # noqa: F841
        shell = self.shell
        source = shell.transform_cell(cell)
        tree = shell.transform_ast(shell.compile.ast_parse(source))
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        filename = shell.compile.cache(source, shell.execution_count, raw_code=cell)
        namespace = (shell.user_global_ns, shell.user_ns)
        exec(shell.compile(tree, filename, "exec"), *namespace)
        if last is None:
            return None
        return eval(shell.compile(last, filename, "eval"), *namespace)


def status_line(shell):
    """'autograd_nb 0.1.0 | style: modern | grad mode: on | torch alias: off | display: plain'"""
    on_off = {True: "on", False: "off"}
    return (f"autograd_nb {autograd_nb.__version__} | style: {eras.current_style()} | "
            f"grad mode: {on_off[autograd_nb.is_grad_enabled()]} | "
            f"torch alias: {on_off[alias.is_enabled()]} | display: {display_mode(shell)}")


def _choose(command, args, choices, current, apply):
    """``%autograd COMMAND`` prints the current setting; ``%autograd COMMAND CHOICE`` applies one
    of ``choices``; anything else is a UsageError naming them (and changes nothing)."""
    if not args:
        print(f"{command}: {current()}")
        return
    if len(args) > 1 or args[0] not in choices:
        raise UsageError(f"%autograd {command} takes one of: {_choices(choices)}; "
                         f"got {' '.join(args)!r}")
    was = current()
    apply(args[0])
    print(f"{command}: {current()} (was {was})")


def _as_the_cells_own(error, shell):
    """``error`` with a traceback that starts in the cell: IPython shows what
    ``_render_traceback_`` returns, so the magic's own frames stay out of it."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_globals.get("__name__") == __name__:
        tb = tb.tb_next
    if not isinstance(error, (KeyboardInterrupt, SystemExit)):
        lines = shell.InteractiveTB.structured_traceback(type(error), error, tb, tb_offset=0)
        with contextlib.suppress(AttributeError):  # an exception type without a __dict__
            error._render_traceback_ = lambda: lines
    return error


def _check_graph_options(options):
    unknown = [option for option in options if option not in GRAPH_OPTIONS]
    formats = [option for option in options if option in GRAPH_FORMATS]
    if unknown or len(formats) > 1:
        raise UsageError(f"%autograd graph takes, before the expression, --values and at most "
                         f"one option, one of: {_choices(GRAPH_FORMATS)}; got "
                         f"{' '.join(options)!r}")
    if len(set(options)) < len(options):
        raise UsageError(f"%autograd graph: an option is repeated in {' '.join(options)!r}")
    if "--widget" in options and "--values" in options:
        raise UsageError("%autograd graph --values draws a picture or DOT source; the graph "
                         "widget shows values in its own panel: use --widget alone")


def _no_arguments(command, args):
    if args:
        raise UsageError(f"%autograd {command} takes no arguments; got {' '.join(args)!r}")


def _leading_options(text):
    """Split '--dot out.sum()' into (['--dot'], 'out.sum()'); the expression stays raw."""
    options = []
    while text.startswith("--"):
        option, _, text = text.partition(" ")
        options.append(option)
        text = text.lstrip()
    return options, text


def _drawable(value):
    if isinstance(value, (list, tuple)):
        return bool(value) and all(isinstance(v, autograd_nb.Tensor) for v in value)
    return isinstance(value, (autograd_nb.Tensor, Node))


def _kind(value):
    """'None', 'of type int', 'of type numpy.ndarray': for error messages."""
    if value is None:
        return "None"
    kind = type(value)
    module = "" if kind.__module__ == "builtins" else kind.__module__ + "."
    return f"of type {module}{kind.__qualname__}"


def load(shell):
    shell.register_magics(AutogradMagics)
    shell.events.register("post_run_cell", _refresh_inspectors)


def _refresh_inspectors(result=None):
    """After each cell, redraw the inspectors whose tensor it changed (e.g. by backward())."""
    widgets = sys.modules.get(__package__ + ".widgets")  # none on screen if never imported
    if widgets is not None:
        widgets.refresh_inspectors()


def unload(shell):
    """Take away everything ``load`` and the magics added: formatters, the torch alias, and
    the magics themselves. The print style stays as it is: it is autograd_nb's setting."""
    set_display_mode(shell, "plain")
    show_results_as(shell, "modern")
    alias.disable()
    with contextlib.suppress(ValueError):
        shell.events.unregister("post_run_cell", _refresh_inspectors)
    manager = shell.magics_manager
    for kind in ("line", "cell"):
        manager.magics[kind].pop("autograd", None)
    manager.registry.pop(AutogradMagics.__name__, None)
