"""What ``--autograd-nb`` changes in an nbval run, registered by ``nbval_plugin`` only then.

It relies on these behaviours of nbval (0.11): its ``pytest_collect_file`` returns an
``IPyNbFile`` for each ``.ipynb``; ``IPyNbFile.setup`` starts the kernel (with
``--nbval-current-env``: ipykernel in this Python, ignoring the notebook's kernelspec), keeps it in
``self.kernel`` (``.kc`` is its jupyter_client) and loads the user's ``--nbval-sanitize-with``
file into the ordered ``self.sanitize_patterns`` that every comparison applies; a cell item
(``IPyNbCell``) keeps what its run printed in ``test_outputs``.

    >>> AutogradNbRun(config)  # registered by nbval_plugin.pytest_configure
"""
from collections import defaultdict

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

from .era_inference import StyleError, choose_style
from .gaps import PREFIX

# Noise two honest runs of one notebook differ by, applied after the user's own patterns.
# Nothing else is masked: any other difference still fails.
MASKS = {
    # a repr's memory address: <AddBackward0 object at 0x7f…>, <AddBackward0 at 0x7f…>
    r"(<[^<>\n]* at )0x[0-9a-fA-F]+>": r"\g<1>0x…>",
    # the file a kernel compiles a cell into, as warnings name it: ipykernel's
    # /tmp/ipykernel_1234/567.py:3: and older IPython's <ipython-input-3-…>:3:
    r"[^\s:\"'<>]*ipykernel_\d+[/\\]\d+\.py(?=:\d+:)|<ipython-input-\d+-[0-9a-f]+>(?=:\d+:)":
        "<cell>",
    # where in torch's C++ sources a warning was raised
    r" ?\(Triggered internally at [^)\n]*\)": "",
}
RUN = "autograd_nb-run"


class AutogradNbRun:
    """The plugin's state for one pytest run: the notebooks, their eras and their gaps."""

    def __init__(self, config):
        config.option.nbval_current_env = True  # the kernel must see this autograd_nb
        self.style = config.option.autograd_nb_style
        self.notebooks = []
        self.gaps = defaultdict(lambda: defaultdict(list))  # nodeid -> feature -> cells

    @pytest.hookimpl(wrapper=True)
    def pytest_collect_file(self, file_path, parent):
        collected = yield
        return [AutogradNbFile.from_parent(parent, path=file_path)
                if type(node) is IPyNbFile else node for node in collected]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.failed and isinstance(item, IPyNbCell):
            for feature in _missing_features(item.test_outputs or ()):
                self.gaps[item.parent.nodeid][feature].append(item.cell_num)
        return report

    def pytest_terminal_summary(self, terminalreporter):
        if not self.notebooks:
            return
        write = terminalreporter.write_line
        terminalreporter.section("autograd_nb: the era of each notebook")
        for notebook in self.notebooks:
            if notebook.problem is not None:
                write(f"{notebook.nodeid}: not run: {notebook.problem}")
                continue
            write(f"{notebook.nodeid}: style {notebook.era.style} ({notebook.era.reason})")
            for feature, cells in self.gaps[notebook.nodeid].items():
                write(f"    {PREFIX}{feature} (cell {', '.join(map(str, cells))})")


def _missing_features(outputs):
    for output in outputs:
        if output.get("output_type") == "error" and output["evalue"].startswith(PREFIX):
            yield output["evalue"][len(PREFIX):]


class AutogradNbFile(IPyNbFile):
    """A notebook run on autograd_nb: nbval's collector with the kernel prepared first.

    A file that is not a runnable Python notebook becomes one failing item that says why,
    and no kernel is started for it; the other notebooks run as usual.
    """
    problem = None
    era = None

    def collect(self):
        run = self.config.pluginmanager.get_plugin(RUN)
        run.notebooks.append(self)
        try:
            self.problem = self._read_era(run.style)
        except Exception as error:  # noqa: BLE001 - whatever nbformat finds wrong with the file
            self.problem = f"not a valid notebook: {type(error).__name__}: {error}"
        if self.problem is not None:
            yield NotebookProblem.from_parent(self, name="notebook", message=self.problem)
            return
        yield from super().collect()

    def _read_era(self, override):
        nb = nbformat.read(str(self.path), as_version=4)
        language = (nb.metadata.get("kernelspec", {}).get("language")
                    or nb.metadata.get("language_info", {}).get("name") or "python")
        if language.lower() != "python":
            return (f"its kernel language is {language}, not Python; leave it out with "
                    f"--ignore={self.path}")
        try:
            self.era = choose_style(nb, override)
        except StyleError as error:
            return str(error)
        return None

    def setup(self):
        if self.problem is not None:
            return
        super().setup()
        self.sanitize_patterns.update(MASKS)
        self._prepare_kernel()

    def _prepare_kernel(self):
        """Turn nbval's fresh kernel into autograd_nb's torch kernel before the first cell,
        silently: no output, no history, nothing added to the user's namespace."""
        code = ("__import__('autograd_nb.jupyter.kernel', fromlist=['prepare'])"
                f".prepare(get_ipython(), {self.era.style!r})")
        reply = self.kernel.kc.execute_interactive(
            code, silent=True, store_history=False, output_hook=lambda message: None,
            timeout=self.config.option.nbval_kernel_startup_timeout)
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"could not make the kernel run autograd_nb as torch: "
                               f"{content.get('ename')}: {content.get('evalue')}")


class NotebookUnusable(Exception):
    """The file cannot be run as a Python notebook."""


class NotebookProblem(pytest.Item):
    """The one item of a file that cannot be run: it fails, saying why."""

    def __init__(self, *, message, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self):
        raise NotebookUnusable(self.message)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, NotebookUnusable):
            return f"{self.path}: {self.message}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}: {self.message}"
