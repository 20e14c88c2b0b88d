"""What the importers of world data share: dataset metadata, partial dates, states, output and reports.

The four datasets of `../shared/data/` are four sources of the shared importer interface
(`diplograph.sources.importer`), each with one dataset and so one named graph:
`graph/import/treaties/ggo`, `missions/embassies`, `leaders/manystates` and `uk-ministers/ifg`,
written by `run_import` to `<imports>/<source>/<dataset>.nq` with a sidecar (import time, source
commit, counts). Reports count the source rows read, imported and skipped, with a reason for every
skip. Each dataset is a dcat:Dataset with its licence, publisher, citation, repository and commit,
and each imported resource names its source (dg:reportedIn) and licence (dct:license).

States are resolved to the keys of `diplograph.reference` (ISO 3166-1 alpha-2, ISO 3166-3 alpha-4)
from ISO alpha-3 codes, Correlates of War codes or names; states that have neither code (Bavaria,
Austria-Hungary, the Orange Free State) get a lower-case slug key and are declared in the graph
that uses them.
"""

from __future__ import annotations

import csv
import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pyoxigraph as ox

from diplograph.namespaces import slugify
from diplograph.reference import state_key
from diplograph.sources.emitter import DatasetInfo, Emitter, describe_source, typed_date
from diplograph.sources.hsg.states import StateRef
from diplograph.sources.importer import SourceError
from diplograph.sources.report import DatasetReport, Problem

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


@dataclass(frozen=True)
class Dataset:
    """What the published description of one imported dataset says: title, publisher, licence, source."""

    name: str
    dataset: str
    title: str
    publisher: str
    license: str
    repository: str
    citation: str

    @property
    def source(self) -> str:
        """The dg:SourceDocument standing for the dataset."""
        return f"id/source/world-{self.name}"

    def info(self, path: Path) -> DatasetInfo:
        """The provenance the shared interface writes: source document, repository, licence, commit."""
        commit, _ = manifest_commit(path, self)
        return DatasetInfo(
            source=self.source,
            title=self.title,
            label=self.title,
            repository=self.repository,
            licence=self.license,
            publisher=f"id/publisher/{slugify(self.publisher)}",
            publisher_label=self.publisher,
            graph_label=f"Import of {self.title}",
            commit=commit,
        )


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "treaties",
            "ggo",
            "manytreaties: Global Governance Observatory (GGO) agreements and their parties",
            "Global Governance Observatory (globalgov)",
            CC_BY,
            "https://github.com/globalgov/manytreaties",
            "Hollway, Sposito et al., manytreaties 1.0.0",
        ),
        Dataset(
            "missions",
            "embassies",
            "Database of embassies and consulates (extracted from Wikidata)",
            "database-of-embassies",
            CC0,
            "https://github.com/database-of-embassies/database-of-embassies",
            "Wikidata contributors, via the database of embassies",
        ),
        Dataset(
            "leaders",
            "manystates",
            "manystates: Archigos leaders and state-system memberships with capitals",
            "Global Governance Observatory (globalgov)",
            CC_BY,
            "https://github.com/globalgov/manystates",
            "Goemans, Gleditsch and Chiozza, Archigos 4.1; Hollway et al., manystates",
        ),
        Dataset(
            "uk-ministers",
            "ifg",
            "IfG Ministers Database: UK government ministers since 1979",
            "Institute for Government",
            CC_BY,
            "https://github.com/instituteforgov/ifg-ministers-database-public",
            "Institute for Government, Ministers Database",
        ),
    )
}


ImportFailed = SourceError
"""A dataset that cannot be read at all (a missing or unreadable file): the file and what is wrong."""


#################################################################
# Partial dates
#################################################################


def partial_date(value: object) -> str | None:
    """The date a source gives, at the precision it gives it: `1990-05-04`, `1990-05` or `1990`.

    Messy dates are read as follows: a trailing `?` or `~` (uncertain, approximate) is dropped and the
    value kept; an open end (`..1816-01-01`, `2017-12-31..`) is read as its known side; a range
    (`1990-05..1990-07`) keeps what both ends share (`1990`); unknown parts (`1990-XX-XX`) are cut.
    Nothing is invented: no day for a month, no month for a year.
    """
    if value is None:
        return None
    text = str(value).strip().rstrip("?~").strip()
    if not text or text in {"<NA>", "NA", "nan", "None"}:
        return None
    if ".." in text:
        first, _, last = text.partition("..")
        if first and last:
            common = []
            for a, b in zip(first.split("-"), last.split("-"), strict=False):
                if a != b:
                    break
                common.append(a)
            text = "-".join(common)
        else:
            text = first or last
    parts = []
    for part in text.split("-"):
        if not part.isdigit():
            break
        parts.append(part)
    text = "-".join(parts[:3])
    if re.fullmatch(r"\d{3}", text.split("-")[0] if text else ""):
        text = "0" + text
    return text if text and typed_date(text) is not None else None


def date_literal(value: object) -> ox.Literal | None:
    """A partial date typed as xsd:date, xsd:gYearMonth or xsd:gYear; None if the source gives none."""
    found = partial_date(value)
    return typed_date(found) if found else None


#################################################################
# States
#################################################################

OWN_STATES = {
    "AUH": ("austria-hungary", "Austria-Hungary"),
    "BAD": ("baden", "Baden"),
    "BAV": ("bavaria", "Bavaria"),
    "HSE": ("hesse", "Hesse"),
    "HSG": ("hesse-grand-ducal", "Hesse Grand Ducal"),
    "HAN": ("hanover", "Hanover"),
    "MEC": ("mecklenburg-schwerin", "Mecklenburg-Schwerin"),
    "MOD": ("modena", "Modena"),
    "PMA": ("parma", "Duchy of Parma"),
    "PAP": ("papal-states", "Papal States"),
    "SAX": ("saxony", "Saxony"),
    "SIC": ("two-sicilies", "Kingdom of the Two Sicilies"),
    "TUS": ("grand-duchy-tuscany", "Grand Duchy of Tuscany"),
    "WRT": ("wurttemberg", "Württemberg"),
    "SAR": ("piedmont-sardinia", "Piedmont-Sardinia"),
    "OFS": ("orange-free-state", "Orange Free State"),
    "TRA": ("transvaal", "Transvaal"),
    "RVN": ("south-vietnam", "Republic of Vietnam (South Vietnam)"),
    "ZAN": ("zanzibar", "Zanzibar"),
    "TBT": ("tibet", "Tibet"),
    "PRU": ("prussia", "Prussia"),
    "DZG": ("danzig", "Free City of Danzig"),
    "HAW": ("hawaii", "Kingdom of Hawaii"),
    "KOR": ("joseon-korea", "Korea (Joseon)"),
    "TEX": ("texas", "Republic of Texas"),
}
"""Correlates of War codes of historical states without an ISO code: our slug key and English label.
(The slugs are those the HSG importer uses where both name the same state.)"""

COW_CODES = {
    "ALG": "DZ",
    "ANG": "AO",
    "AUL": "AU",
    "AUS": "AT",
    "BAH": "BS",
    "BAR": "BB",
    "BFO": "BF",
    "BHM": "BS",
    "BHU": "BT",
    "BNG": "BD",
    "BOS": "BA",
    "BOT": "BW",
    "BUI": "BI",
    "BUL": "BG",
    "CAM": "KH",
    "CAO": "CM",
    "CAP": "CV",
    "CDI": "CI",
    "CEN": "CF",
    "CHA": "TD",
    "CHL": "CL",
    "CON": "CG",
    "COS": "CR",
    "CRO": "HR",
    "CZE": "CSHH",
    "CZR": "CZ",
    "DEN": "DK",
    "DRC": "CD",
    "DRV": "VN",
    "EQG": "GQ",
    "ETM": "TL",
    "FIJ": "FJ",
    "FRN": "FR",
    "GAM": "GM",
    "GDR": "DDDE",
    "GFR": "DE",
    "GMY": "DE",
    "GNB": "GW",
    "GRC": "GR",
    "GRG": "GE",
    "GUA": "GT",
    "GUI": "GN",
    "HAI": "HT",
    "HON": "HN",
    "ICE": "IS",
    "INS": "ID",
    "IRE": "IE",
    "KOS": "XK",
    "KUW": "KW",
    "KYR": "KG",
    "KZK": "KZ",
    "LAT": "LV",
    "LEB": "LB",
    "LES": "LS",
    "LIB": "LY",
    "LIT": "LT",
    "MAA": "MR",
    "MAC": "MK",
    "MAD": "MV",
    "MAG": "MG",
    "MAL": "MY",
    "MAS": "MU",
    "MAW": "MW",
    "MLD": "MD",
    "MON": "MN",
    "MNG": "ME",
    "MOR": "MA",
    "MYA": "MM",
    "MZM": "MZ",
    "NEP": "NP",
    "NEW": "NZ",
    "NIG": "NG",
    "NIR": "NE",
    "NTH": "NL",
    "OMA": "OM",
    "PAR": "PY",
    "PHI": "PH",
    "POR": "PT",
    "PRK": "KP",
    "ROK": "KR",
    "ROM": "RO",
    "RUS": "RU",
    "SAF": "ZA",
    "SAL": "SV",
    "SAU": "SA",
    "SEN": "SN",
    "SIE": "SL",
    "SIN": "SG",
    "SLO": "SK",
    "SLV": "SI",
    "SOL": "SB",
    "SPN": "ES",
    "SRI": "LK",
    "SUD": "SD",
    "SWA": "SZ",
    "SWD": "SE",
    "SWZ": "CH",
    "TAJ": "TJ",
    "TAW": "TW",
    "TAZ": "TZ",
    "THI": "TH",
    "TKM": "TM",
    "TOG": "TG",
    "TRI": "TT",
    "UAE": "AE",
    "UKG": "GB",
    "URU": "UY",
    "VIE": "VN",
    "YAR": "YE",
    "YPR": "YDYE",
    "YUG": "YUCS",
    "ZAM": "ZM",
    "ZIM": "ZW",
    "BRU": "BN",
    "GRN": "GD",
    "SEY": "SC",
    "SLU": "LC",
    "SVG": "VC",
    "VAN": "VU",
    "SKN": "KN",
    "NAU": "NR",
    "SNM": "SM",
    "MNC": "MC",
    "AAB": "AG",
    "MSI": "MH",
    "RUM": "RO",
    "SER": "RS",
}
"""Correlates of War codes that differ from the ISO alpha-3 code of the same state (or clash with
another state's: COW AUS is Austria, ISO AUS Australia), with the key of the state they name."""

SOVIET_UNION = ("1922-12-30", "1991-12-25")
"""Russia in the Correlates of War list is the Soviet Union between these days (as in the HSG importer)."""


def state_ref(key: str) -> StateRef:
    """The StateRef of a key from `reference.state_key` (current or ISO 3166-3 former state)."""
    if len(key) == 2:
        country = pycountry.countries.get(alpha_2=key)
        if country is not None:
            return StateRef(key, getattr(country, "common_name", None) or country.name, "ISO 3166-1")
        return StateRef(key, "Kosovo", "user-assigned code")
    former = pycountry.historic_countries.get(alpha_4=key)
    label = {
        "DDDE": "German Democratic Republic",
        "SUHH": "Soviet Union",
        "YUCS": "Yugoslavia",
        "CSHH": "Czechoslovakia",
        "YDYE": "South Yemen",
        "CSXX": "Serbia and Montenegro",
        "ANHH": "Netherlands Antilles",
    }.get(key, former.name if former else key)
    return StateRef(key, label, "ISO 3166-3")


def resolve_iso3(code: str) -> StateRef | None:
    """A state from an ISO alpha-3 code (GBR, DDR) or, failing that, from a Correlates of War code (PRU)."""
    code = code.strip().upper()
    key = state_key(code) if len(code) == 3 else None
    if key:
        return state_ref(key)
    if code in ("KOS", "UNK"):
        return state_ref("XK")
    return resolve_cow(code)


def resolve_cow(code: str, date: str | None = None, name: str = "") -> StateRef | None:
    """A state from a Correlates of War code (UKG, GDR, BAV), the date telling Russia from the Soviet Union.

    A code of no table is looked up by the name the row gives; a name pycountry does not know either
    (the Zulu Kingdom, Bukhara: the ISD lists many) becomes a historical state keyed by its slug.
    """
    code = code.strip().upper()
    if code == "RUS" and date and SOVIET_UNION[0] <= date[:10] <= SOVIET_UNION[1]:
        return state_ref("SUHH")
    if code in COW_CODES:
        return state_ref(COW_CODES[code])
    if code in OWN_STATES:
        key, label = OWN_STATES[code]
        return StateRef(key, label, "historical state")
    key = state_key(code) if len(code) == 3 else None
    if key:
        return state_ref(key)
    if name:
        return resolve_name(name) or StateRef(slugify(name), name, "historical state")
    return None


MISSION_NAMES = {
    "People's Republic of China": "CN",
    "Kingdom of the Netherlands": "NL",
    "Taiwan": "TW",
    "State of Palestine": "PS",
    "Palestine": "PS",
    "Kosovo": "XK",
    "Russia": "RU",
    "Turkey": "TR",
    "Democratic Republic of the Congo": "CD",
    "Republic of the Congo": "CG",
    "Ivory Coast": "CI",
    "The Gambia": "GM",
    "The Bahamas": "BS",
    "East Timor": "TL",
    "Federated States of Micronesia": "FM",
    "Sahrawi Arab Democratic Republic": "EH",
    "Kingdom of Denmark": "DK",
    "Cape Verde": "CV",
    "Laos": "LA",
    "North Korea": "KP",
    "South Korea": "KR",
    "Vatican City": "VA",
    "Holy See": "VA",
    "Vatican": "VA",
    "Republic of Ireland": "IE",
    "São Tomé and Príncipe": "ST",
    "Czech Republic": "CZ",
    "Swaziland": "SZ",
    "Eswatini": "SZ",
    "Macedonia": "MK",
    "Republic of Macedonia": "MK",
    "Brunei": "BN",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Iran": "IR",
    "Syria": "SY",
    "Moldova": "MD",
    "Tanzania": "TZ",
    "Vietnam": "VN",
    "United States of America": "US",
    "Georgia": "GE",
}
"""Names the Wikidata extract gives states by that pycountry does not find (or finds wrongly)."""


def resolve_name(name: str) -> StateRef | None:
    """A current state from its English name (Wikidata's label), or None."""
    name = name.strip()
    if not name:
        return None
    if name in MISSION_NAMES:
        return state_ref(MISSION_NAMES[name])
    try:
        return state_ref(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def declare_state(out: Emitter, state: StateRef) -> str:
    """Use a state, declaring (type, label, notation) those that the pycountry reference graph lacks."""
    if state.is_pycountry or not out.first_time("state " + state.key):
        return state.path
    out.add(state.path, RDF + "type", "dg:State")
    out.text(state.path, RDFS + "label", state.label)
    if state.how == "historical state":
        out.text(state.path, RDFS + "comment", "A historical state without an ISO 3166 code.")
    else:
        out.add(state.path, SKOS + "notation", ox.Literal(state.key))
        if state.how == "ISO 3166-3":
            out.text(state.path, RDFS + "comment", f"A former state, ISO 3166-3 code {state.key}.")
    return state.path


#################################################################
# Output: the graph, its description, the report
#################################################################


def record(out: Emitter, subject: str, dataset: Dataset, record_id: str) -> None:
    """Make a resource traceable: its id in the source and the dataset (with its licence) that reports it."""
    out.add(subject, DCT + "identifier", ox.Literal(record_id))
    out.add(subject, "dg:reportedIn", dataset.source)
    out.add(subject, DCT + "license", dataset.license)


def manifest_commit(path: Path, dataset: Dataset) -> tuple[str | None, str | None]:
    """The source commit and its date for a snapshot folder, from the WORLD-MANIFEST.md beside it."""
    for manifest in (path / "WORLD-MANIFEST.md", path.parent / "WORLD-MANIFEST.md"):
        if manifest.is_file():
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.startswith(f"| `{dataset.name}/`"):
                    found = re.search(r"`([0-9a-f]{40})`\s*\(([^)]*)\)", line)
                    if found:
                        return found.group(1), found.group(2)
    return None, None


def describe_dataset(out: Emitter, dataset: Dataset, path: Path) -> None:
    """Describe the source as the shared interface does, plus what DCAT readers look for: citation, landing page."""
    describe_source(out, dataset.info(path))
    commit, version_date = manifest_commit(path, dataset)
    out.add(dataset.source, RDF + "type", DCAT + "Dataset")
    out.text(dataset.source, DCT + "bibliographicCitation", dataset.citation)
    out.add(dataset.source, DCAT + "landingPage", dataset.repository)
    if version_date:
        out.add(dataset.source, DCT + "modified", ox.Literal(version_date))


def skip(report: DatasetReport, path: Path, record: str, reason: str) -> None:
    """Count a skipped record under its reason and keep it, with its file and id, for the report."""
    report.skip(reason, Problem(path, record, reason))


def read_rda(path: Path, name: str, tables: tuple[str, ...]) -> dict:
    """The named tables (pandas data frames) of an R list in an .rda file; a clear error if absent.

    `rdata` parses in pure Python: `parties.rda` takes 25 s to 2 min of CPU. The tables read are
    kept for the process, keyed by the file's path, size and modification time, so a second reader
    (a test counting rows beside the importer, an import run twice in one process) does not parse
    it again, and an edited file is read afresh. Callers must not modify the frames.
    """
    if not path.is_file():
        raise ImportFailed(f"{path}: file not found")
    stat = path.stat()
    return dict(_read_rda(str(path.resolve()), stat.st_size, stat.st_mtime_ns, name, tables))


@functools.lru_cache(maxsize=4)
def _read_rda(path: str, size: int, modified: int, name: str, tables: tuple[str, ...]) -> dict:
    """Parse and convert one .rda file and pick its tables (size and time only key the cache)."""
    import rdata

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = rdata.parser.parse_file(path)
            converted = rdata.conversion.convert(parsed)
    except Exception as error:  # noqa: BLE001 - rdata raises many kinds; all mean an unreadable file
        raise ImportFailed(f"{path}: not a readable R data file ({error})") from None
    found = converted.get(name)
    if not isinstance(found, dict):
        raise ImportFailed(f"{path}: no R list named {name!r}")
    missing = [t for t in tables if t not in found]
    if missing:
        raise ImportFailed(f"{path}: the list {name!r} has no table {', '.join(missing)}")
    return {t: found[t] for t in tables}


def cell(row: dict, column: str) -> str:
    """A cell as clean text; R's NA and pandas' missing values become empty text."""
    value = row.get(column)
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text in {"<NA>", "NA", "nan", "NaT", "None"} else text


def read_csv(file: Path, columns: tuple[str, ...], delimiter: str = ",") -> list[dict]:
    """The rows of one CSV file; a clear error naming the file if it is missing or lacks a column."""
    if not file.is_file():
        raise ImportFailed(f"{file}: file not found")
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed(f"{file}: line 1: missing column(s) {', '.join(missing)}")
        return list(reader)
