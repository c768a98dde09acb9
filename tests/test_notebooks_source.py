"""The tutorial suite keeps one bilingual source per lesson; the notebooks people open follow it.

`tools/notebooks.py check` runs here without executing anything: every markdown cell has its
translation, English and Chinese share every code cell and its output, and the generated
notebooks in notebooks/en and notebooks/zh match their source.
"""
import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "tools" / "notebooks.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

LESSONS = tool.sources()


def test_the_suite_has_at_least_ten_lessons():
    assert len(LESSONS) >= 10, [s.name for s in LESSONS]


@pytest.mark.parametrize("source", LESSONS, ids=[s.stem for s in LESSONS])
def test_lesson_is_translated_shares_its_code_and_is_built(source):
    assert tool.check_lesson(source) == []


def test_every_generated_notebook_has_a_source():
    assert tool.orphans() == []


def test_no_lesson_ignores_outputs_without_a_reason():
    ignored = {f"{s.name} cell {i}": c.metadata.get("autograd_nb", {}).get("ignore")
               for s in LESSONS for i, c in enumerate(tool.read(s).cells)
               if "nbval-ignore-output" in c.metadata.get("tags", [])}
    assert all(ignored.values()), ignored


def tagged(cell, tag):
    return tag in cell.metadata.get("tags", [])


@pytest.mark.parametrize("lang", tool.LANGS)
def test_every_exercise_is_followed_by_a_folded_solution_that_checks_itself(lang):
    wrong = []
    for source in LESSONS:
        cells = tool.read(tool.generated(source, lang)).cells
        for index, cell in enumerate(cells):
            if cell.cell_type != "markdown" or not tagged(cell, "exercise"):
                continue
            answer = cells[index + 1] if index + 1 < len(cells) else None
            if not (answer is not None and answer.cell_type == "code"
                    and tagged(answer, "solution") and "assert " in answer.source
                    and answer.metadata.get("jupyter", {}).get("source_hidden") is True):
                wrong.append(f"{lang}/{source.name} cell {index}")
    assert not wrong, wrong


# -- the check itself, on a copy of one lesson -------------------------------------------------
@pytest.fixture
def suite(tmp_path):
    """A copy of the first lesson's source and its generated notebooks."""
    source = LESSONS[0]
    for part in ("src", *tool.LANGS):
        (tmp_path / part).mkdir()
        shutil.copy(tool.NOTEBOOKS / part / source.name, tmp_path / part / source.name)
    return tmp_path, source.name


def edit(path, change):
    nb = tool.read(path)
    change(nb)
    tool.write(nb, path)


def test_the_check_passes_on_an_untouched_copy(suite):
    root, name = suite
    assert tool.check_lesson(root / "src" / name, root) == []


def test_a_markdown_cell_without_its_translation_is_reported(suite):
    root, name = suite
    edit(root / "src" / name, lambda nb: nb.cells.pop(1))  # the title's Chinese cell
    assert any("without its Chinese cell" in p
               for p in tool.check_lesson(root / "src" / name, root))


def test_code_that_differs_between_languages_is_reported(suite):
    root, name = suite

    def change_last_code_cell(nb):
        [c for c in nb.cells if c.cell_type == "code"][-1].source += "\n1 + 1"
    edit(root / "zh" / name, change_last_code_cell)
    problems = tool.check_lesson(root / "src" / name, root)
    assert any("zh/" in p and "stale" in p for p in problems), problems


def test_an_output_that_differs_between_languages_is_reported(suite):
    root, name = suite

    def change_an_output(nb):
        cell = next(c for c in nb.cells if c.cell_type == "code" and c.outputs)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="changed\n")]
    edit(root / "zh" / name, change_an_output)
    assert any("differ between en and zh" in p
               for p in tool.check_lesson(root / "src" / name, root))


def test_a_generated_notebook_behind_its_source_is_reported(suite):
    root, name = suite
    edit(root / "src" / name, lambda nb: nb.cells.append(nbformat.v4.new_code_cell("2 + 2")))
    problems = tool.check_lesson(root / "src" / name, root)
    assert sum("stale" in p for p in problems) == len(tool.LANGS), problems


def test_an_ignored_output_needs_a_reason(suite):
    root, name = suite

    def ignore_first_code_cell(nb):
        next(c for c in nb.cells if c.cell_type == "code").metadata["tags"] = [
            "nbval-ignore-output"]
    edit(root / "src" / name, ignore_first_code_cell)
    assert any("nbval-ignore-output" in p for p in tool.check_lesson(root / "src" / name, root))
