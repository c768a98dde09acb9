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


# -- a translation keeps everything but the prose ----------------------------------------------
def pair(en, zh):
    """A source notebook of one English markdown cell and its Chinese cell."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(en, metadata={"lang": "en"}),
                nbformat.v4.new_markdown_cell(zh, metadata={"lang": "zh"})]
    return nb


EN = ("## Backward\n\nThe gradient of $y = x^2$ is `2 * x`:\n\n$$\\frac{dy}{dx} = 2x$$\n\n"
      "```python\ny.backward()\n```\n\n![a parabola](parabola.png)")
ZH = ("## 反向传播\n\n$y = x^2$ 的梯度是 `2 * x`：\n\n$$\\frac{dy}{dx}  =  2x$$\n\n"
      "```python\ny.backward()\n```\n\n![抛物线](parabola.png)")


def test_a_faithful_translation_passes():
    assert tool.translation_problems(pair(EN, ZH)) == []


@pytest.mark.parametrize("part, zh", [
    ("headings", ZH.replace("## 反向传播\n\n", "")),
    ("headings", ZH.replace("## 反向传播", "### 反向传播")),
    ("formulas", ZH.replace("$y = x^2$ 的", "它的")),
    ("formulas", ZH.replace("$$\\frac{dy}{dx}  =  2x$$", "")),
    ("formulas", ZH.replace("x^2", "x^3")),
    ("code spans", ZH.replace("`2 * x`", "2x")),
    ("code spans", ZH + "\n\n再调用一次 `2 * x`。"),
    ("code blocks", ZH.replace("y.backward()", "y.backward(retain_graph=True)")),
    ("pictures", ZH.replace("![抛物线](parabola.png)", "")),
], ids=["heading dropped", "heading level", "inline formula dropped", "display formula dropped",
        "formula changed", "code span dropped", "code span added", "code block changed",
        "picture dropped"])
def test_a_translation_that_loses_a_part_is_reported(part, zh):
    (problem,) = tool.translation_problems(pair(EN, zh))
    assert problem.startswith(f"cells 0/1: the Chinese cell's {part} differ")


def test_formulas_and_code_spans_inside_code_are_not_prose():
    en = "Run `print('$x$')` and\n\n```\n# not a heading, $not math$\n```"
    zh = "运行 `print('$x$')`，以及\n\n```\n# not a heading, $not math$\n```"
    assert tool.markdown_parts(en)["formulas"] == tool.markdown_parts(en)["headings"] == []
    assert tool.translation_problems(pair(en, zh)) == []


# -- exercises -----------------------------------------------------------------------------------
def exercise(solution_source="x = 2\nassert x == 2", hidden=True, zh_tag=True):
    nb = pair("**Exercise.** Predict `x`.", "**练习。** 预测 `x`。")
    nb.cells[0].metadata["tags"] = ["exercise"]
    if zh_tag:
        nb.cells[1].metadata["tags"] = ["exercise"]
    metadata = {"tags": ["solution"]}
    if hidden:
        metadata["jupyter"] = {"source_hidden": True}
    nb.cells.append(nbformat.v4.new_code_cell(solution_source, metadata=metadata))
    return nb


def test_a_well_formed_exercise_passes():
    assert tool.exercise_problems(exercise()) == []


@pytest.mark.parametrize("nb, message", [
    (exercise(solution_source="x = 2\nx == 2"), "checks itself with assert"),
    (exercise(hidden=False), "starts collapsed"),
    (exercise(zh_tag=False), "Chinese cell is not tagged exercise"),
], ids=["no assert", "not collapsed", "untagged translation"])
def test_a_malformed_exercise_is_reported(nb, message):
    assert any(message in p for p in tool.exercise_problems(nb))


def test_an_exercise_without_a_solution_and_a_solution_without_an_exercise_are_reported():
    nb = exercise()
    solution = nb.cells.pop()
    assert any("followed by its solution" in p for p in tool.exercise_problems(nb))
    nb.cells = [solution]
    assert any("follows its exercise" in p for p in tool.exercise_problems(nb))


def test_pictures_are_counted_in_markdown_and_outputs():
    svg = nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg/>",
                                                        "text/plain": "<GraphView>"})
    png = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR",
                                                        "text/plain": "<Figure>"})
    cell = nbformat.v4.new_code_cell("draw()", outputs=[svg, png])
    assert (tool.pictures(cell), tool.pictures(cell, plots_only=True)) == (2, 1)
    assert tool.pictures(nbformat.v4.new_markdown_cell("![a](b.png) <img src='c.png'>")) == 2


def test_stats_count_the_same_in_both_languages(suite):
    root, name = suite
    counts = tool.stats(root)[Path(name).stem]
    assert counts["en"] == counts["zh"]
    assert counts["en"]["exercises"] >= 2 and counts["en"]["pictures"] >= 1
    assert counts["en"]["cells"] == len(tool.read(root / "en" / name).cells)


def test_every_lesson_has_two_exercises_and_the_suite_has_pictures_in_both_languages():
    table = tool.stats()
    for lang in tool.LANGS:
        counts = [lesson[lang] for lesson in table.values()]
        assert all(c["exercises"] >= 2 for c in counts), lang
        assert sum(c["pictures"] for c in counts) >= 25, lang
        assert sum(c["pictures"] > 0 for c in counts) >= 9, lang
        assert sum(c["plots"] for c in counts) >= 4, lang
