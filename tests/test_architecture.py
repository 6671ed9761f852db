"""The packages keep one direction of dependencies (README, "Opbouw"); import-linter checks it.

The contracts live in pyproject.toml. These tests run them on the real tree, and on a copy with one
import going the wrong way, so that a checker that silently stopped checking would be noticed too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def copy_of_the_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "lokaal_avg", project / "lokaal_avg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_layers_hold_and_no_module_imports_in_a_circle():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


def test_an_import_up_the_layers_is_refused_even_inside_a_function(tmp_path):
    project = copy_of_the_project(tmp_path)
    rules = project / "lokaal_avg" / "register" / "rules.py"
    rules.write_text(
        rules.read_text() + "\n\ndef _dashboard():\n    from lokaal_avg.overview import figures\n\n    return figures\n"
    )
    result = lint_imports(project)
    assert result.returncode != 0
    assert "lokaal_avg.register is not allowed to import lokaal_avg.overview" in result.stdout


def test_a_circle_between_two_modules_of_one_package_is_refused(tmp_path):
    project = copy_of_the_project(tmp_path)
    policy = project / "lokaal_avg" / "register" / "policy.py"
    policy.write_text(
        policy.read_text() + "\n\ndef _views():\n    from lokaal_avg.register import views\n\n    return views\n"
    )
    result = lint_imports(project)
    assert result.returncode != 0
    assert "No cycles are allowed in lokaal_avg.register" in result.stdout
