"""Write notebooks/start.ipynb, the page the README's main command opens: every lesson in both
languages, one click away, read from the lessons' own titles (``metadata.autograd_nb.title``
of each source in notebooks/src/).

    python tools/landing.py           write it
    python tools/landing.py --check   fail when it no longer lists the lessons as they are
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANDING = NOTEBOOKS / "start.ipynb"

INTRO = """# autograd_nb · lessons / 课程

Pick a lesson: each one exists in English and in Simplified Chinese, with the same code. Open it,
then run its cells from the top (Shift+Enter runs one cell; *Run → Run All Cells* runs all).

选择一节课：每一节都有英文版和简体中文版，代码完全相同。打开后从上到下运行各个单元格
（Shift+Enter 运行一个单元格；*Run → Run All Cells* 运行全部）。
"""


def lessons():
    """(number, file name, English title, Chinese title) per source lesson, in order."""
    for source in sorted((NOTEBOOKS / "src").glob("*.ipynb")):
        title = json.loads(source.read_text(encoding="utf-8"))["metadata"]["autograd_nb"]["title"]
        yield source.name.split("-")[0].lstrip("0"), source.name, title["en"], title["zh"]


def landing():
    rows = [f"| {n} | [{en}](en/{name}) | [{zh}](zh/{name}) |" for n, name, en, zh in lessons()]
    text = "\n".join([INTRO, "| # | English | 中文 |", "| --- | --- | --- |", *rows]) + "\n"
    cell = {"cell_type": "markdown", "id": "lessons", "metadata": {},
            "source": text.splitlines(keepends=True)}
    notebook = {"cells": [cell], "metadata": {"language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main(argv):
    if argv[1:] == ["--check"]:
        if not LANDING.exists() or LANDING.read_text(encoding="utf-8") != landing():
            sys.exit(f"{LANDING.relative_to(ROOT)} is stale: run python tools/landing.py")
        return
    LANDING.write_text(landing(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
