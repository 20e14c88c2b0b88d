"""`diplograph add CARD`: a card checked against the built store, a brief of what the graph says, the card in data/."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "tests" / "fixtures" / "cards" / "invented-2024-03-12-gb-jp.yaml"
SEED_CARD = ROOT / "tests" / "fixtures" / "cards" / "2025-08-08-jp-pe.yaml"


def test_adding_a_card_prints_who_met_and_writes_the_card_into_data(built_store, run_cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run_cli("add", str(CARD), "--store", str(built_store.path), "--data", str(data))
    assert result.status == 0, result.stderr
    assert result.stdout.startswith("id/meeting/2024-03-12-gb-jp: ")
    assert "KISHIDA Fumio (Prime Minister of Japan, Japan, interlocutor)" in result.stdout
    assert "Rishi SUNAK (Prime Minister of the United Kingdom, United Kingdom, interlocutor)" in result.stdout
    assert "evidence: 6 statements" in result.stdout
    assert (data / "meetings" / CARD.name).read_text() == CARD.read_text()


def test_adding_a_meeting_the_store_already_has_is_refused_and_writes_nothing(built_store, run_cli, tmp_path) -> None:
    data = tmp_path / "data"
    result = run_cli("add", str(SEED_CARD), "--store", str(built_store.path), "--data", str(data))
    assert result.status == 1
    assert "the store already has the graph graph/meetings/2025-08-08-jp-pe" in result.stderr
    assert not (data / "meetings").exists()
    # Under another file name the card's meeting is still found: same IRI, in the seed's graph.
    renamed = tmp_path / "summit.yaml"
    shutil.copy(SEED_CARD, renamed)
    result = run_cli("add", str(renamed), "--store", str(built_store.path), "--data", str(data))
    assert result.status == 1
    assert "meeting.date: 2025-08-08-jp-pe is already in the graph (meetings/2025-08-08-jp-pe)" in result.stderr


def test_a_card_that_breaks_a_shape_is_refused_with_the_violation(built_store, run_cli, tmp_path: Path) -> None:
    broken = tmp_path / CARD.name
    shutil.copy(CARD, broken)
    # A statement without a topic breaks the statement shape (a statement needs at least one dg:hasTopic).
    text = broken.read_text()
    start = text.index("  topics:\n  - bilateral-relations\n  content: congratulated")
    broken.write_text(text[:start] + text[start + len("  topics:\n  - bilateral-relations\n") :])
    result = run_cli(
        "add", str(broken), "--store", str(built_store.path), "--data", str(tmp_path / "data"), "--dry-run"
    )
    assert result.status == 1
    assert "a statement needs at least one dg:hasTopic" in result.stderr
    assert "statement/2024-03-12-gb-jp/kishida-congratulate-1" in result.stderr


def _sunak_in_2022(tmp_path: Path, verify: bool) -> Path:
    """The invented card moved to March 2022, when Sunak was not yet Prime Minister (no tenure covers it)."""
    card = tmp_path / CARD.name
    text = CARD.read_text().replace("date: '2024-03-12'", "date: '2022-03-12'")
    mark = "\n  verify: true" if verify else ""
    text = text.replace(
        "- person: Rishi SUNAK\n  role: interlocutor",
        f"- person: Rishi SUNAK\n  post: Prime Minister of the United Kingdom{mark}\n  role: interlocutor",
    )
    card.write_text(text)
    return card


def test_a_post_to_verify_is_added_with_a_warning_naming_the_card(built_store, run_cli, tmp_path: Path) -> None:
    card = _sunak_in_2022(tmp_path, verify=True)
    result = run_cli("add", str(card), "--store", str(built_store.path), "--data", str(tmp_path / "data"), "--dry-run")
    assert result.status == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if "to verify" in line]  # stdout is not wrapped
    assert line.startswith("  to verify (1): ") and f"{card}: " in line
    assert "id/person/sunak-rishi took part as id/post/gb-prime-minister on 2022-03-12" in line


def test_a_post_no_tenure_covers_without_verify_is_refused(built_store, run_cli, tmp_path: Path) -> None:
    card = _sunak_in_2022(tmp_path, verify=False)
    result = run_cli("add", str(card), "--store", str(built_store.path), "--data", str(tmp_path / "data"), "--dry-run")
    assert result.status == 1
    said = " ".join(result.stderr.split())  # as one line, however the terminal wrapped it
    assert "participants[1].post: no tenure in the graph has sunak-rishi as gb-prime-minister on 2022-03-12" in said
    assert "add verify: true" in said
