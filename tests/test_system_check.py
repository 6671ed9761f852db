"""The install files name every system library, and the check fails loudly when one is missing.

A missing HarfBuzz-Subset once passed unnoticed on the machine where it was installed by hand and
broke `make test` on every new machine; these tests keep the list and the check honest.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is part of the documented setup")


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60)


def system_packages() -> list[str]:
    return make("system-packages").stdout.split()


def test_check_fails_with_the_apt_get_line_when_a_library_is_missing():
    result = make("check-system", "SYSTEM_LIBRARIES=libgeen-dergelijke-bibliotheek.so.0")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "libgeen-dergelijke-bibliotheek.so.0" in output
    assert f"sudo apt-get install -y {' '.join(system_packages())}" in output


def test_check_passes_on_a_machine_set_up_as_the_readme_says():
    result = make("check-system")
    assert result.returncode == 0, result.stdout + result.stderr


def test_weasyprint_needs_harfbuzz_subset_and_the_list_names_it():
    assert "libharfbuzz-subset0" in system_packages()
    libraries = re.search(r"^SYSTEM_LIBRARIES := (.+)$", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    assert libraries is not None
    assert "libharfbuzz-subset.so.0" in libraries.group(1).split()


def test_readme_apt_get_line_is_the_makefile_list():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^sudo apt-get install -y (.+)$", readme, flags=re.MULTILINE)
    assert lines, "README must show the one apt-get line"
    assert all(line.split() == system_packages() for line in lines)


def test_ci_installs_from_the_same_list_and_checks_again():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "$(make -s system-packages)" in ci
    assert ci.count("make -s check-system") >= 2


def test_demo_load_prints_only_what_a_person_should_read(tmp_path):
    """`make run` loads the demo: the logins, not per-request or font-subsetting chatter of libraries."""
    env = {
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
        "LOKAAL_AVG_DEMO_PASSWORD": "een-demo-wachtwoord",
        "HOME": str(tmp_path),
    }
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    demo = subprocess.run([*flask, "demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    output = demo.stdout + demo.stderr
    assert "dpo@voorbeeldegem.be" in output
    assert "een-demo-wachtwoord" in output
    chatter = [line for line in output.splitlines() if re.match(r"(INFO|DEBUG|WARNING)[: ]", line)]
    assert chatter == []
    assert "Warning" not in output
    assert len(output.splitlines()) <= 12


def test_check_fails_with_the_apt_get_line_when_the_browser_is_missing():
    result = make("check-system", "SYSTEM_PROGRAMS=/usr/bin/geen-chromium")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "/usr/bin/geen-chromium" in output
    assert "chromium" in system_packages()
    assert f"sudo apt-get install -y {' '.join(system_packages())}" in output
