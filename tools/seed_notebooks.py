"""Build tests/data/seed_notebooks/*.ipynb from the five seed tutorials in ../shared/seeds/, as
their maintainers' notebooks: the seeds' code cells, with what the seeds show they printed, in the
seeds' order and with their execution counts. Prose is left out (it is not ours, and nbval reads
only code cells). ``pytest --nbval --autograd-nb`` runs these notebooks in tests/test_nbval_plugin.py.

    python tools/seed_notebooks.py [SEEDS_DIR [OUT_DIR]]   (default: ../shared/seeds beside the
                                                           clone, into tests/data/seed_notebooks)

The seeds are renderings, not notebooks: a Sphinx-Gallery page (000) and text dumps of notebooks
(001-004). Reading them back:
- a code cell is the code block after ``.. code-block:: python`` or ``In [n]:``, one paragraph
  unless ``PARAGRAPHS`` says how many (code cells with blank lines in them);
- a dump shows a result after ``Out[n]:`` or, where it has no such marker, after a code cell
  whose last statement is an expression (IPython's rule); anything else printed is stdout; a
  ``SomeError: message`` line is the error the cell raised (tagged ``raises-exception``);
- ``In [None]`` / ``In [ ]`` cells were never run: no outputs, no execution count;
- renderings drop leading and trailing blank lines. What legacy (0.x) tensors print starts and
  ends with a newline (research/print_spec.md §1.1, §2), so those are put back; ``print`` adds its
  own final newline; IPython's result text has no final newline;
- cells whose values come from ``torch.rand``/``randn`` are tagged ``nbval-ignore-output``
  (``RANDOM``), cells that raise without showing it ``raises-exception`` (``RAISES``).
"""
import ast
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "tests" / "data" / "seed_notebooks"
NAMES = {"000": "seed_000_pytorch_0_1", "001": "seed_001_variable_unrun",
         "002": "seed_002_pytorch_0_4", "003": "seed_003_variable_bilingual",
         "004": "seed_004_variable_autograd"}
# code cells (counted from 0) spanning more than one paragraph: how many
PARAGRAPHS = {"001": {8: 2, 11: 3, 12: 2}, "002": {14: 2, 22: 2}, "003": {5: 2, 8: 3, 9: 2},
              "004": {1: 2, 5: 3}}
RANDOM = {"000": {10}, "002": {15, 19, 27, 29, 30}, "003": {8, 9}}
# Cells that raise but show nothing: 001 was saved unrun, and its volatile cell is there to
# show that backward through a volatile input fails; 002's 'y = tor' is a typo left unrun.
RAISES = {"001": {16}, "002": {2}}
NO_OUTPUT = {"003": {6}}  # 'out.backward()' returns None: the text after it is prose
HEADER = re.compile(r"^In[ \xa0]\[([^\]]*)\]:[ \t]*$", re.MULTILINE)  # 004 has a no-break space
ERROR = re.compile(r"^([A-Za-z_]\w*(?:Error|Exception|Warning)): (.*)\Z", re.DOTALL)
FOOTER = re.compile(r"^\[torch\.\w*Tensor of size [\dx]+\]$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def main(seeds=SEEDS, out=OUT):
    paths = sorted(Path(seeds).glob("*.txt"))
    if len(paths) != len(NAMES):
        raise SystemExit(f"expected the {len(NAMES)} seeds in {seeds}, found {len(paths)}")
    Path(out).mkdir(parents=True, exist_ok=True)
    for path in paths:
        seed = path.name[:3]
        cells = list(_gallery_cells(path.read_text()) if seed == "000"
                     else _dump_cells(path.read_text(), seed))
        nbformat.write(_notebook(seed, cells), Path(out) / f"{NAMES[seed]}.ipynb")


def _notebook(seed, cells):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    for index, (count, code, kind, block) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(code, execution_count=count)
        cell.outputs = _outputs(kind, block, count)
        tags = ["raises-exception"] * (index in RAISES.get(seed, ()) or (
            bool(cell.outputs) and cell.outputs[-1].output_type == "error"))
        tags += ["nbval-ignore-output"] * (index in RANDOM.get(seed, ()))
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


def _outputs(kind, block, count):
    if not block.strip("\n"):
        return []
    error = ERROR.match(block.strip("\n"))
    if error:
        return [nbformat.v4.new_output("error", ename=error[1], evalue=error[2], traceback=[])]
    text = _legacy_start(block.rstrip("\n"))
    if kind == "result":
        return [nbformat.v4.new_output("execute_result", data={"text/plain": text},
                                       execution_count=count)]
    ends_legacy = FOOTER.match(text.rsplit("\n", 1)[-1])
    return [nbformat.v4.new_output("stream", name="stdout",
                                   text=text + "\n" + "\n" * bool(ends_legacy))]


def _legacy_start(text):
    """Put back the newline a legacy tensor's text starts with, and the indentation of its
    first row, where the rendering stripped them (a block that starts with a tensor row)."""
    lines = text.split("\n")
    if text.startswith("\n") or len(lines) < 2 or not FOOTER.match(lines[-1]):
        return text
    if not re.match(r"^\s*-?\d", lines[0]):
        return text
    indent = re.match(r"^\s*", lines[1])[0] if not lines[0].startswith(" ") else ""
    return "\n" + indent + text


def _gallery_cells(text):
    """Sphinx-Gallery: code blocks, each followed by its 'Out::' block when it printed."""
    blocks = re.split(r"^\.\. code-block:: python\n", text, flags=re.MULTILINE)[1:]
    for count, block in enumerate(blocks, start=1):
        code, _, rest = _indented(block)
        out = ""
        if rest.lstrip().startswith(".. rst-class:: sphx-glr-script-out"):
            out = _indented(rest.split("Out::\n", 1)[1])[0]
        yield count, code, "stream", out


def _indented(text):
    """The block indented under a directive (dedented), and the text after it."""
    lines, rest = [], text.split("\n")
    while rest and (not rest[0].strip() or rest[0].startswith("    ")):
        lines.append(rest.pop(0)[4:])
    return "\n".join(lines).strip("\n"), "", "\n".join(rest)


def _dump_cells(text, seed):
    parts = HEADER.split(text)[1:]  # [count, body, count, body, ...]
    for index, (label, body) in enumerate(zip(parts[::2], parts[1::2])):
        paragraphs = body.strip("\n").split("\n\n")
        taken = PARAGRAPHS.get(seed, {}).get(index, 1)
        code = "\n\n".join(paragraphs[:taken]).strip("\n")
        count = int(label) if label.strip().isdigit() else None
        rest = body.lstrip("\n")[len(code):]
        marked = re.match(r"\n+Out\[\d+\]:\n", rest)
        kind = "result" if marked or _ends_in_expression(code) else (
            "stream" if "print(" in code else None)
        if count is None or kind is None or index in NO_OUTPUT.get(seed, ()):
            yield count, code, None, ""
            continue
        rest = rest[marked.end():] if marked else rest[2:]
        end = "\n\n" if kind == "result" else "\n\n\n"
        yield count, code, kind, rest.split(end, 1)[0]


def _ends_in_expression(code):
    """True when IPython would show the value of the cell's last statement."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # IPython syntax: the seeds' only such cell is a line magic
        return False
    last = tree.body[-1] if tree.body else None
    return (isinstance(last, ast.Expr) and not code.rstrip().endswith(";")
            and not (isinstance(last.value, ast.Call)
                     and getattr(last.value.func, "id", None) == "print"))


if __name__ == "__main__":
    main(*sys.argv[1:])
