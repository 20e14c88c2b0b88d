"""Bad input gets a clear message and a non-zero exit, and the previous store and dumps stay as they were."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from diplograph.resources import data_dir

SEED = "meetings/2025-08-08-jp-pe.ttl"


def fingerprint(folder: Path) -> dict[str, str]:
    """Hash every file under a folder, to show it did not change."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """A good build made with the real command, whose outputs the failing builds must not touch."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("previous")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph.cli",
            "build",
            "--store",
            f"oxigraph:{folder / 'store'}",
            "--dumps",
            str(folder / "dumps"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def build_into(run_cli, previous: Path, data: Path):
    before = fingerprint(previous)
    result = run_cli(
        "build", "--data", str(data), "--store", f"oxigraph:{previous / 'store'}", "--dumps", str(previous / "dumps")
    )
    assert fingerprint(previous) == before, "a failed build must leave the previous store and dumps untouched"
    return result


def test_a_turtle_syntax_error_names_the_file_and_line(run_cli, previous_build, data_copy):
    seed = data_copy / SEED
    lines = seed.read_text().splitlines()
    lines.append('<https://w3id.org/diplograph/id/x> <https://w3id.org/diplograph/ontology#date> "broken .')
    seed.write_text("\n".join(lines) + "\n")
    result = build_into(run_cli, previous_build, data_copy)
    assert result.status == 1
    assert f"{seed}:{len(lines)}:" in result.stderr.replace("\n", "")


def test_malformed_rdf_xml_names_the_file_and_line(run_cli, previous_build, data_copy):
    bad = data_copy / "extra.rdf"
    bad.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/diplograph/id/x">\n</rdf:RDF>\n'
    )
    result = build_into(run_cli, previous_build, data_copy)
    assert result.status == 1
    assert str(bad) in result.stderr.replace("\n", "")


def test_a_meeting_without_a_date_fails_validation_with_a_readable_message(run_cli, previous_build, data_copy):
    seed = data_copy / SEED
    text = seed.read_text()
    marker = "meeting:2025-08-08-jp-pe a dg:Meeting ;"
    head, tail = text.split(marker)
    tail = tail.replace('    dg:date "2025-08-08"^^xsd:date ;\n', "", 1)
    seed.write_text(head + marker + tail)
    result = build_into(run_cli, previous_build, data_copy)
    assert result.status == 1
    err = " ".join(result.stderr.split())
    assert re.search(r"data/meetings/2025-08-08-jp-pe\.ttl:\d+: id/meeting/2025-08-08-jp-pe dg:date", err)
    assert "a meeting needs its calendar day" in err


def test_a_meeting_with_only_one_state_fails_validation(run_cli, previous_build, data_copy):
    seed = data_copy / SEED
    seed.write_text(seed.read_text().replace("dg:betweenState state:JP , state:PE ;", "dg:betweenState state:JP ;"))
    result = build_into(run_cli, previous_build, data_copy)
    assert result.status == 1
    err = " ".join(result.stderr.split())
    assert "id/meeting/2025-08-08-jp-pe dg:betweenState: a meeting is between at least two states" in err


def test_the_previous_store_still_answers_after_a_failed_build(run_cli, previous_build, data_copy):
    (data_copy / SEED).write_text("this is not turtle")
    assert build_into(run_cli, previous_build, data_copy).status == 1
    result = run_cli(
        "query",
        "meetings-between",
        "-p",
        "country1=JP",
        "-p",
        "country2=PE",
        "-f",
        "csv",
        "--store",
        f"oxigraph:{previous_build / 'store'}",
    )
    assert result.status == 0 and "2025-08-08T11:45:00+09:00" in result.stdout
