"""The page the README's main command opens lists every lesson in both languages."""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_landing_page_is_up_to_date():
    done = subprocess.run([sys.executable, "tools/landing.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_landing_page_links_every_lesson_in_each_language():
    text = "".join(json.loads((ROOT / "notebooks/start.ipynb").read_text())["cells"][0]["source"])
    for lang in ("en", "zh"):
        for lesson in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
            assert f"]({lang}/{lesson.name})" in text
