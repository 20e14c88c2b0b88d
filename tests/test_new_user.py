"""What a new user meets: a project made by `diplograph init`, built and edited; the README's examples, run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplograph.resources import packaged_root

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEED = "data/meetings/2025-08-08-jp-pe.ttl"
Built = subprocess.CompletedProcess


def _diplograph(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real command in a child process, as a user types it."""
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    environment.pop("DIPLOGRAPH_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "diplograph.cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _normalise(text: str, project: Path) -> str:
    """Hide what differs from run to run: seconds, the project's folder."""
    text = text.replace(str(project), "<project>")
    return re.sub(r"\d+(\.\d+)? s\b", "N s", text).strip()


def readme_examples() -> list[tuple[str, str]]:
    """Every `$ command` in a console block of the README, with the output printed under it."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for command, output in re.findall(r"^\$ (.+)\n((?:(?!\$ ).*\n)*)", block, flags=re.M):
            examples.append((command.strip(), output))
    return examples


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `diplograph init`, as the README tells a new user to."""
    parent = tmp_path_factory.mktemp("new-user")
    done = _diplograph("init", "my-graph", cwd=parent)
    assert done.returncode == 0, done.stderr
    return parent / "my-graph"


@pytest.fixture(scope="module")
def first_build(project: Path) -> Built:
    """The project's first `diplograph build`."""
    return _diplograph("build", cwd=project)


def test_init_makes_a_project_that_builds(project: Path, first_build: Built) -> None:
    assert (project / "data" / "meetings").is_dir() and (project / "diplograph.toml").is_file()
    assert first_build.returncode == 0, first_build.stderr
    assert (project / "build" / "store").is_dir()


def test_the_build_says_which_folder_it_read(project: Path, first_build: Built) -> None:
    assert first_build.stdout.splitlines()[0] == f"reading project {project}"


def test_outside_a_project_the_shipped_data_is_read_and_named(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from diplograph.resources import current_project; print(current_project().describe())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_PROJECT"},
    )
    assert done.stdout.strip().startswith("no project here")
    assert str(packaged_root()) in done.stdout


def test_the_readme_build_example_matches_a_first_build(
    project: Path, first_build: subprocess.CompletedProcess
) -> None:
    written = [output for command, output in readme_examples() if command == "diplograph build"][0]
    assert _normalise(first_build.stdout, project) == _normalise(written, Path("/home/me/my-graph"))


def test_the_readme_query_examples_print_what_the_readme_shows(
    project: Path, first_build: subprocess.CompletedProcess
) -> None:
    checked = 0
    for command, written in readme_examples():
        if not command.startswith("diplograph query"):
            continue
        done = _diplograph(*command.split()[1:], cwd=project)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == written.strip(), command
        checked += 1
    assert checked >= 1


def test_an_edited_label_shows_after_the_next_build(project: Path, first_build: Built) -> None:
    seed = project / SEED
    text = seed.read_text(encoding="utf-8")
    old = "Japan–Peru summit meeting, 8 August 2025"
    assert f'"{old}"@en' in text
    seed.write_text(text.replace(f'"{old}"@en', '"Ishiba and Boluarte in Tokyo"@en'), encoding="utf-8")
    rebuilt = _diplograph("build", cwd=project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    written = [output for command, output in readme_examples() if command == "diplograph build"][1]
    assert _normalise(rebuilt.stdout, project) == _normalise(written, Path("/home/me/my-graph"))
    answer = _diplograph(
        "query", "meetings-between", "-p", "country1=JP", "-p", "country2=PE", "-f", "csv", cwd=project
    )
    assert "Ishiba and Boluarte in Tokyo" in answer.stdout and old not in answer.stdout


def test_the_readme_and_ci_run_the_same_test_line() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci}\n```" in README


def test_without_java_the_build_says_how_to_build_without_it(project: Path, tmp_path: Path) -> None:
    done = _diplograph("build", "--full", "--dumps", str(tmp_path / "dumps"), cwd=project, env={"PATH": str(tmp_path)})
    assert done.returncode == 1
    assert "Java" in done.stderr and "--no-reason" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_prints_one_line_and_keeps_the_previous_store(
    project: Path, first_build: subprocess.CompletedProcess, tmp_path: Path
) -> None:
    before = sorted(p.name for p in (project / "build").iterdir())
    manifest = (project / "build" / "store" / "diplograph-build.json").read_bytes()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-m", "diplograph.cli", "build", "--full"],
        cwd=project,
        # Without the session's HermiT cache, so that the build is still reasoning when it is interrupted.
        env={**{k: v for k, v in os.environ.items() if k != "DIPLOGRAPH_HERMIT_CACHE"}, "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # As a terminal starts it: pytest-xdist's workers ignore SIGINT, and a child would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    child.stdout.readline()  # "reading project …": the build has started
    time.sleep(1.0)
    os.killpg(child.pid, signal.SIGINT)
    _, errors = child.communicate(timeout=120)
    assert child.returncode == 130
    assert errors.strip().count("\n") == 0 and errors.startswith("interrupted")
    assert sorted(p.name for p in (project / "build").iterdir()) == before
    assert (project / "build" / "store" / "diplograph-build.json").read_bytes() == manifest
    assert list(temporary.iterdir()) == []
