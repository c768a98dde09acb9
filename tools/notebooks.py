"""The tutorial suite has one source of truth per lesson: a bilingual notebook in notebooks/src/.

A source lesson holds each code cell once and each markdown cell twice: the English cell
(``metadata.lang = "en"``) immediately followed by its Simplified Chinese translation
(``metadata.lang = "zh"``). This script turns the sources into the notebooks people open:

    python tools/notebooks.py build [LESSON ...]  split each source into notebooks/en/ and
                                                  notebooks/zh/ and execute both in this Python
                                                  environment, as nbval does in CI
    python tools/notebooks.py check               fail on a missing translation, code that differs
                                                  between the languages, or a generated notebook
                                                  that no longer matches its source (no execution)
    python tools/notebooks.py stats               exercises, pictures and cells per lesson

A Chinese markdown cell must match its English cell in everything but the prose: the same
headings (levels, in order), the same ``$…$`` / ``$$…$$`` formulas, inline code spans and fenced
code blocks (as many of each), and the same pictures; so a dropped sentence, heading or formula
fails the check.

Exercises: a markdown cell pair tagged ``exercise`` (the task) is followed by a code cell tagged
``solution``: a worked answer whose ``assert`` statements check it, collapsed in JupyterLab
(``"jupyter": {"source_hidden": true}`` in its metadata).

Notebook metadata, under ``metadata.autograd_nb``: ``title`` (``{"en": ..., "zh": ...}``) and
``real_torch``: true when the lesson runs unchanged on PyTorch, else the reason it cannot.

Cell metadata the suite understands (code cells, all under ``metadata.autograd_nb``):

    random      why the printed values depend on the random generator: the real-torch test
                compares such cells on their layout, not their numbers
    torch_skip  why the cell cannot run on PyTorch (it switches autograd_nb's era): the
                real-torch test leaves it out
    ignore      why nbval may not compare the cell's output; required with the
                ``nbval-ignore-output`` tag, which is refused without it
"""
import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "src"
SANITIZE = NOTEBOOKS / "sanitize.cfg"
LANGS = ("en", "zh")
REASONS = ("random", "torch_skip", "ignore")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
CELL_TIMEOUT = 120


# -- reading and splitting ---------------------------------------------------------------------
def sources():
    return sorted(SOURCES.glob("*.ipynb"))


def generated(source, lang):
    return NOTEBOOKS / lang / source.name


def read(path):
    return nbformat.read(path, as_version=4)


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        nbformat.write(nb, f)


def source_problems(nb):
    """What is wrong with a bilingual source notebook, as sentences (empty when it is fine)."""
    problems = []
    pending_en = None  # the English markdown cell still waiting for its translation
    for index, cell in enumerate(nb.cells):
        where = f"cell {index}"
        lang = cell.metadata.get("lang")
        if cell.cell_type == "markdown":
            if lang not in LANGS:
                problems.append(f"{where}: markdown cell without metadata.lang 'en' or 'zh'")
            elif lang == "en":
                if pending_en is not None:
                    problems.append(f"cell {pending_en}: English cell without its Chinese cell")
                pending_en = index
            elif pending_en is None:
                problems.append(f"{where}: Chinese cell without the English cell before it")
            else:
                pending_en = None
            continue
        if pending_en is not None:
            problems.append(f"cell {pending_en}: English cell without its Chinese cell")
            pending_en = None
        if cell.cell_type != "code":
            problems.append(f"{where}: {cell.cell_type} cells are not used in lessons")
            continue
        if lang is not None:
            problems.append(f"{where}: code cells are shared and carry no metadata.lang")
        if cell.outputs or cell.execution_count is not None:
            problems.append(f"{where}: sources are kept without outputs")
        ours = cell.metadata.get("autograd_nb", {})
        for key in set(ours) - set(REASONS):
            problems.append(f"{where}: unknown metadata.autograd_nb key {key!r}")
        for key in REASONS:
            if key in ours and not (isinstance(ours[key], str) and ours[key].strip()):
                problems.append(f"{where}: metadata.autograd_nb.{key} must give a reason")
        ignored = "nbval-ignore-output" in cell.metadata.get("tags", [])
        if ignored != ("ignore" in ours):
            problems.append(f"{where}: the nbval-ignore-output tag and "
                            "metadata.autograd_nb.ignore (its reason) go together")
    if pending_en is not None:
        problems.append(f"cell {pending_en}: English cell without its Chinese cell")
    problems += translation_problems(nb) + exercise_problems(nb)
    lesson = nb.metadata.get("autograd_nb", {})
    if sorted(lesson.get("title", {})) != sorted(LANGS):
        problems.append("notebook metadata.autograd_nb.title needs an 'en' and a 'zh' title")
    real_torch = lesson.get("real_torch")
    if real_torch is not True and not (isinstance(real_torch, str) and real_torch.strip()):
        problems.append("notebook metadata.autograd_nb.real_torch must be true, or say why "
                        "the lesson cannot run on PyTorch")
    return problems


# -- what a translation must keep ---------------------------------------------------------------
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")
HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
# a picture is known by where it comes from: its address, not its (translated) description
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]*)\)|<img\b[^>]*?\bsrc=[\"']?([^\"' >]*)|<(svg)\b",
                     re.IGNORECASE)
IMAGE_MIME = re.compile(r"^image/")


def markdown_parts(text):
    """What a translation keeps of a markdown cell: {part: sorted list} (headings in order)."""
    blocks = FENCE.findall(text)
    text = FENCE.sub(" ", text)
    spans = [m.group(2).strip() for m in CODE_SPAN.finditer(text)]
    text = CODE_SPAN.sub(" ", text)
    display = [" ".join(m.split()) for m in DISPLAY_MATH.findall(text)]
    text = DISPLAY_MATH.sub(" ", text)
    return {"headings": [len(h) for h in HEADING.findall(text)],
            "formulas": sorted(display + [m.strip() for m in INLINE_MATH.findall(text)]),
            "code spans": sorted(spans),
            "code blocks": sorted(blocks),
            "pictures": sorted("".join(m) for m in PICTURE.findall(text))}


def translation_problems(nb):
    """Each English/Chinese markdown pair keeps its headings, formulas, code and pictures."""
    problems = []
    for index, (en, zh) in enumerate(zip(nb.cells, nb.cells[1:])):
        if not (en.cell_type == zh.cell_type == "markdown" and en.metadata.get("lang") == "en"
                and zh.metadata.get("lang") == "zh"):
            continue
        theirs = markdown_parts(zh.source)
        for part, ours in markdown_parts(en.source).items():
            if ours != theirs[part]:
                lost = _difference(ours, theirs[part])
                problems.append(f"cells {index}/{index + 1}: the Chinese cell's {part} differ "
                                f"from the English cell's ({lost})")
    return problems


def _difference(en, zh):
    if all(isinstance(v, int) for v in en + zh):
        return f"levels en {en}, zh {zh}"
    only_en = [v for v in en if v not in zh]
    only_zh = [v for v in zh if v not in en]
    return f"only in en: {only_en}, only in zh: {only_zh}" if only_en or only_zh \
        else f"en has {len(en)}, zh {len(zh)}"


def tags(cell):
    return cell.metadata.get("tags", [])


def exercise_problems(nb):
    """Every exercise pair is followed by a collapsed solution cell that asserts its answer."""
    problems = []
    cells = nb.cells
    for index, cell in enumerate(cells):
        where = f"cell {index}"
        if "exercise" in tags(cell) and cell.metadata.get("lang") == "en":
            pair = cells[index + 1] if index + 1 < len(cells) else None
            after = cells[index + 2] if index + 2 < len(cells) else None
            if pair is None or "exercise" not in tags(pair):
                problems.append(f"{where}: the exercise's Chinese cell is not tagged exercise")
            if after is None or "solution" not in tags(after):
                problems.append(f"{where}: an exercise is followed by its solution cell "
                                "(a code cell tagged solution)")
        if "solution" in tags(cell):
            if cell.cell_type != "code":
                problems.append(f"{where}: a solution is a code cell")
            if not re.search(r"^\s*assert\b", cell.source, re.MULTILINE):
                problems.append(f"{where}: a solution checks itself with assert statements")
            if cell.metadata.get("jupyter", {}).get("source_hidden") is not True:
                problems.append(f"{where}: a solution starts collapsed: metadata.jupyter."
                                "source_hidden = true")
            if index < 2 or "exercise" not in tags(cells[index - 1]):
                problems.append(f"{where}: a solution follows its exercise")
    return problems


def split(source_nb, lang, name):
    """The notebook of one language, without outputs: its markdown cells and every code cell."""
    nb = nbformat.v4.new_notebook()
    ours = dict(source_nb.metadata.get("autograd_nb", {}))
    ours.update(lang=lang, source=f"notebooks/src/{name}")
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
                   "autograd_nb": ours}
    for cell in source_nb.cells:
        if cell.cell_type == "markdown":
            if cell.metadata.get("lang") == lang:
                metadata = {k: v for k, v in cell.metadata.items() if k != "lang"}
                nb.cells.append(nbformat.v4.new_markdown_cell(cell.source, id=cell.id,
                                                              metadata=metadata))
        elif cell.cell_type == "code":
            nb.cells.append(nbformat.v4.new_code_cell(cell.source, id=cell.id,
                                                      metadata=copy.deepcopy(cell.metadata)))
    return nb


def skeleton(nb):
    """What a generated notebook must keep from its source: everything but outputs."""
    cells = [{"id": c.id, "cell_type": c.cell_type, "source": c.source, "metadata": c.metadata}
             for c in nb.cells]
    return {"cells": cells, "metadata": {k: nb.metadata.get(k) for k in
                                         ("kernelspec", "language_info", "autograd_nb")}}


# -- executing ---------------------------------------------------------------------------------
def current_env_kernel():
    """A kernel manager that runs ipykernel with this very Python, as nbval-current-env does."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class CurrentEnvironment(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                    "{connection_file}"],
                              display_name="Python 3", language="python")

    return KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvironment())


def execute(nb, cwd):
    """Run every code cell in a fresh kernel started in ``cwd``; outputs are filled in place."""
    from nbclient import NotebookClient
    client = NotebookClient(nb, km=current_env_kernel(), timeout=CELL_TIMEOUT,
                            record_timing=False, resources={"metadata": {"path": str(cwd)}})
    client.execute()
    nb.metadata["language_info"] = {"name": "python"}  # no interpreter version: builds repeat
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def coalesce_streams(outputs):
    """One output per run of printing to a stream: how the kernel chunks it is an accident."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def build(names=()):
    chosen = [s for s in sources() if not names or any(n in s.name for n in names)]
    if not chosen:
        raise SystemExit(f"no lesson in {SOURCES} matches {' '.join(names)}")
    for source in chosen:
        nb = read(source)
        problems = source_problems(nb)
        if problems:
            raise SystemExit("\n".join(f"{source.name}: {p}" for p in problems))
        for lang in LANGS:
            target = generated(source, lang)
            write(execute(split(nb, lang, source.name), target.parent), target)
            print(f"built {target.relative_to(ROOT)}")


# -- checking ----------------------------------------------------------------------------------
def sanitize_patterns():
    text = SANITIZE.read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def comparable_outputs(cell, patterns):
    """A code cell's outputs as nbval compares them: no tracebacks, sanitized text."""
    def clean(value):
        if isinstance(value, str):
            for regex, replace in patterns:
                value = re.sub(regex, replace, value)
        return value
    outputs = []
    for output in coalesce_streams(copy.deepcopy(cell.outputs)):
        kept = {k: v for k, v in output.items()
                if k not in ("traceback", "execution_count", "metadata")}
        if "data" in kept:
            kept["data"] = {k: clean(v) for k, v in kept["data"].items()}
        outputs.append({k: clean(v) for k, v in kept.items()})
    return outputs


def check_lesson(source, notebooks=NOTEBOOKS):
    """Problems with one lesson: its source, and its generated notebooks in both languages."""
    nb = read(source)
    problems = [f"{source.name}: {p}" for p in source_problems(nb)]
    patterns = sanitize_patterns()
    code = {}
    for lang in LANGS:
        target = notebooks / lang / source.name
        shown = f"{lang}/{source.name}"
        if not target.exists():
            problems.append(f"{shown}: missing; run python tools/notebooks.py build {source.stem}")
            continue
        built = read(target)
        if skeleton(built) != skeleton(split(nb, lang, source.name)):
            problems.append(f"{shown}: stale, it no longer matches its source; "
                            f"run python tools/notebooks.py build {source.stem}")
            continue
        cells = [c for c in built.cells if c.cell_type == "code"]
        if any(c.execution_count is None for c in cells):
            problems.append(f"{shown}: not executed; run python tools/notebooks.py build "
                            f"{source.stem}")
        code[lang] = [(c.source, comparable_outputs(c, patterns)) for c in cells]
    if len(code) == len(LANGS) and code["en"] != code["zh"]:
        differing = [i for i, (a, b) in enumerate(zip(code["en"], code["zh"])) if a != b]
        problems.append(f"{source.name}: code cells or their outputs differ between en and zh "
                        f"(code cells {differing or 'count'})")
    return problems


def orphans(notebooks=NOTEBOOKS):
    """Generated notebooks whose source is gone."""
    names = {s.name for s in (notebooks / "src").glob("*.ipynb")}
    return [f"{lang}/{path.name}: no source in src/" for lang in LANGS
            for path in sorted((notebooks / lang).glob("*.ipynb")) if path.name not in names]


def check(notebooks=NOTEBOOKS):
    problems = orphans(notebooks)
    for source in sorted((notebooks / "src").glob("*.ipynb")):
        problems += check_lesson(source, notebooks)
    return problems


def pictures(cell, plots_only=False):
    """How many pictures a cell shows: images in its markdown or outputs. A plot is an output
    with a raster image only (a graph drawing is SVG, maybe with a raster copy)."""
    if cell.cell_type == "markdown":
        return 0 if plots_only else len(PICTURE.findall(FENCE.sub(" ", cell.source)))
    mimes = [set(output.get("data", {})) for output in cell.get("outputs", [])]
    if plots_only:
        return sum("image/png" in m and "image/svg+xml" not in m for m in mimes)
    return sum(any(IMAGE_MIME.match(mime) for mime in m) for m in mimes)


def stats(notebooks=NOTEBOOKS):
    """{lesson: {lang: counts}}: exercises, pictures, plots and cells of the generated notebooks."""
    table = {}
    for source in sorted((notebooks / "src").glob("*.ipynb")):
        for lang in LANGS:
            cells = read(notebooks / lang / source.name).cells
            table.setdefault(source.stem, {})[lang] = {
                "exercises": sum("exercise" in tags(c) for c in cells),
                "pictures": sum(pictures(c) for c in cells),
                "plots": sum(pictures(c, plots_only=True) for c in cells),
                "cells": len(cells)}
    return table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check sources, translations and generated notebooks")
    commands.add_parser("stats", help="exercises, pictures and cells per lesson and language")
    builder = commands.add_parser("build", help="split and execute the lessons")
    builder.add_argument("lessons", nargs="*", help="lesson names or parts of them (all if none)")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.lessons)
        return 0
    if args.command == "stats":
        for lesson, langs in stats().items():
            print(lesson, " ".join(f"{lang}: {counts}" for lang, counts in langs.items()))
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    print(f"{len(sources())} lessons checked: " + ("ok" if not problems else
                                                   f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
