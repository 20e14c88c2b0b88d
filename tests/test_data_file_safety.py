"""A hostile data file is refused before it is parsed, with the file and line, and the build stays small."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from diplograph.resources import data_dir

MEMORY_BOUND_KB = 1_500_000
"""A generous ceiling for a build that stops at the load step (a normal one stays far below it)."""

MEASURE = """
import json, resource, subprocess, sys
# Cap the address space so that, were the file parsed, the entities could not take the machine's memory.
cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, preexec_fn=cap)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"status": done.returncode, "stderr": done.stderr, "peak_kb": peak}))
"""


def billion_laughs(levels: int = 10) -> str:
    """RDF/XML whose literal expands to 10**levels bytes through entities defined in terms of each other."""
    entities = ['<!ENTITY e0 "xxxxxxxxxx">']
    entities += [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/diplograph/id/state/AR">\n'
        f"    <rdfs:comment>&e{levels - 1};</rdfs:comment>\n  </rdf:Description>\n</rdf:RDF>\n"
    )


def test_a_billion_laughs_file_is_refused_by_name_and_line_and_memory_stays_small(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    bomb = data / "laughs.rdf"
    bomb.write_text(billion_laughs())
    command = [sys.executable, "-m", "diplograph.cli", "build", "--data", str(data)]
    command += ["--store", f"oxigraph:{tmp_path / 'store'}", "--dumps", str(tmp_path / "dumps")]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )
    measured = json.loads(done.stdout)
    stderr = measured["stderr"].replace("\n", "")
    assert measured["status"] != 0
    assert f"{bomb}:2:" in stderr, stderr  # the DOCTYPE opens on line 2
    assert "DOCTYPE" in stderr
    assert "Traceback" not in measured["stderr"]
    assert measured["peak_kb"] < MEMORY_BOUND_KB, f"the build grew to {measured['peak_kb']} kB"
    assert not (tmp_path / "store").exists(), "a refused build writes no store"


def test_an_entity_declaration_without_a_doctype_is_refused_too(tmp_path: Path):
    from diplograph.pipeline.load import LoadError, refuse_declarations

    sneaky = tmp_path / "sneaky.rdf"
    sneaky.write_text('<?xml version="1.0"?>\n<!-- a note -->\n\n<!ENTITY a "b">\n<rdf:RDF/>\n')
    try:
        refuse_declarations(sneaky)
    except LoadError as error:
        assert error.line == 4 and "ENTITY" in error.message
    else:
        raise AssertionError("an ENTITY declaration was let through")
