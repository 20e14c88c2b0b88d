"""The edit loop's fixed costs: a rebuild's check evaluates each shape's OPTIONAL row by row (LATERAL), and a
build's command line imports only what it runs."""

from __future__ import annotations

import pyoxigraph as ox

from diplograph.pipeline.validate import LATERAL_UP_TO, _lateral, _restricted


def test_only_the_optionals_at_the_top_of_the_group_are_made_lateral():
    group = (
        ' ?this dg:p ?x . OPTIONAL { ?t dg:holder ?x OPTIONAL { ?t dg:end ?e } FILTER(?t != "}") }'
        " FILTER(!bound(?t)) FILTER NOT EXISTS { OPTIONAL { ?this dg:q ?y } } } GROUP BY ?this"
    )
    assert _lateral(group) == (
        ' ?this dg:p ?x . LATERAL { OPTIONAL { ?t dg:holder ?x OPTIONAL { ?t dg:end ?e } FILTER(?t != "}") } }'
        " FILTER(!bound(?t)) FILTER NOT EXISTS { OPTIONAL { ?this dg:q ?y } } } GROUP BY ?this"
    )


def test_a_large_focus_keeps_the_left_join():
    query = "SELECT ?this WHERE { ?this a ?k OPTIONAL { ?this dg:p ?v } }"
    few = {ox.NamedNode("https://example.org/a")}
    many = {ox.NamedNode(f"https://example.org/{n}") for n in range(LATERAL_UP_TO + 1)}
    assert "LATERAL" in _restricted(query, few)
    assert "LATERAL" not in _restricted(query, many)


def test_a_build_command_line_imports_none_of_the_feature_commands_and_help_still_lists_them():
    import subprocess
    import sys

    code = (
        "import sys; from diplograph.cli import command_of, make_parser, CORE_COMMANDS, FEATURE_COMMANDS; "
        "assert command_of(['--project', 'build', 'query', '-x']) == 'query'; "
        "make_parser(features=command_of(['build', '--full']) not in CORE_COMMANDS); "
        "print(sorted(m for m in FEATURE_COMMANDS if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    from diplograph.cli import make_parser

    assert "publish" in make_parser().format_help()
