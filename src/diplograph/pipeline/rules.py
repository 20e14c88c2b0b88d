"""The reasoner's conclusions as SPARQL rules, to materialise them over data too large for HermiT.

Each rule restates one axiom of ontology/diplograph.ttl as a CONSTRUCT query run inside the store.
HermiT remains the reference: tests/test_reasoning.py checks that on the curated data (data/) the
rules conclude exactly what HermiT concludes, so the rules are trusted on imported bulk data.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from diplograph.namespaces import DG, INFERRED_GRAPH, ONTOLOGY_GRAPH

_PREFIXES = {
    "dg": str(DG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}

_ONTOLOGY = f"<{ONTOLOGY_GRAPH}>"

RULES: dict[str, str] = {
    # dg:participatingPerson owl:propertyChainAxiom ( dg:hasParticipation dg:participant )
    "participating person": """
        CONSTRUCT { ?event dg:participatingPerson ?person }
        WHERE { ?event dg:hasParticipation/dg:participant ?person }""",
    # dg:participatingState owl:propertyChainAxiom ( dg:hasParticipation dg:representsState )
    "participating state": """
        CONSTRUCT { ?event dg:participatingState ?state }
        WHERE { ?event dg:hasParticipation/dg:representsState ?state }""",
    # dg:hasSubEvent a owl:TransitiveProperty
    "sub-events are transitive": """
        CONSTRUCT { ?event dg:hasSubEvent ?part }
        WHERE { ?event dg:hasSubEvent/dg:hasSubEvent+ ?part }""",
    # dg:LeaderParticipation ≡ Participation ⊓ ∃inCapacityOf.(HeadOfStatePost ⊔ HeadOfGovernmentPost)
    "leader's participation": f"""
        CONSTRUCT {{ ?participation a dg:LeaderParticipation }}
        WHERE {{
          ?participation a ?kind ; dg:inCapacityOf ?post .
          ?post a ?postKind .
          GRAPH {_ONTOLOGY} {{
            ?kind rdfs:subClassOf* dg:Participation .
            ?postKind rdfs:subClassOf* ?leaderPost .
            VALUES ?leaderPost {{ dg:HeadOfStatePost dg:HeadOfGovernmentPost }}
          }}
        }}""",
    # dg:MinisterialParticipation ≡ Participation ⊓ ∃inCapacityOf.MinisterialPost
    "minister's participation": f"""
        CONSTRUCT {{ ?participation a dg:MinisterialParticipation }}
        WHERE {{
          ?participation a ?kind ; dg:inCapacityOf ?post .
          ?post a ?postKind .
          GRAPH {_ONTOLOGY} {{
            ?kind rdfs:subClassOf* dg:Participation .
            ?postKind rdfs:subClassOf* dg:MinisterialPost .
          }}
        }}""",
    # dg:Summit ≡ Meeting ⊓ ≥2 hasParticipation.LeaderParticipation (participations are distinct IRIs)
    "summit": f"""
        CONSTRUCT {{ ?meeting a dg:Summit }}
        WHERE {{
          {{
            SELECT ?meeting WHERE {{
              ?meeting a ?kind ; dg:hasParticipation ?participation .
              GRAPH {_ONTOLOGY} {{ ?kind rdfs:subClassOf* dg:Meeting }}
              ?participation dg:inCapacityOf/a ?postKind .
              GRAPH {_ONTOLOGY} {{
                ?postKind rdfs:subClassOf* ?leaderPost .
                VALUES ?leaderPost {{ dg:HeadOfStatePost dg:HeadOfGovernmentPost }}
              }}
            }} GROUP BY ?meeting HAVING (COUNT(DISTINCT ?participation) >= 2)
          }}
        }}""",
    # dg:MinisterialMeeting ≡ Meeting ⊓ ∃hasParticipation.MinisterialParticipation
    "ministerial meeting": f"""
        CONSTRUCT {{ ?meeting a dg:MinisterialMeeting }}
        WHERE {{
          ?meeting a ?kind ; dg:hasParticipation/dg:inCapacityOf/a ?postKind .
          GRAPH {_ONTOLOGY} {{
            ?kind rdfs:subClassOf* dg:Meeting .
            ?postKind rdfs:subClassOf* dg:MinisterialPost .
          }}
        }}""",
    # dg:BilateralMeeting ≡ Meeting ⊓ =2 betweenState.State, with each meeting's sides closed
    "bilateral meeting": f"""
        CONSTRUCT {{ ?meeting a dg:BilateralMeeting }}
        WHERE {{
          {{
            SELECT ?meeting WHERE {{
              ?meeting a ?kind ; dg:betweenState ?state .
              GRAPH {_ONTOLOGY} {{ ?kind rdfs:subClassOf* dg:Meeting }}
            }} GROUP BY ?meeting HAVING (COUNT(DISTINCT ?state) = 2)
          }}
        }}""",
}
"""Rule name → CONSTRUCT query; names say which axiom each one carries out."""


def focused(query: str, variable: str, focus: set) -> str:
    """Restrict a query to `variable` in `focus`: a VALUES block at the head of every WHERE group (sub-selects too)."""
    values = f"VALUES ?{variable} {{ {' '.join(str(node) for node in sorted(focus, key=str))} }}"
    return re.sub(r"WHERE\s*\{", lambda m: m.group() + " " + values + " ", query)


def apply_rules(
    store: ox.Store, graphs: list[ox.NamedNode] | None = None, focus: set[ox.NamedNode] | None = None
) -> list[ox.Quad]:
    """Run every rule over the union of `graphs` (all graphs by default); return the triples not yet asserted.

    With `focus`, only conclusions about those resources are drawn (a rebuild's touched resources).
    """
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    options = {"use_default_graph_as_union": True} if graphs is None else {"default_graph": graphs}
    if graphs is not None:
        options["named_graphs"] = [ox.NamedNode(str(ONTOLOGY_GRAPH))]
    found: set[ox.Triple] = set()
    for query in RULES.values():
        if focus is not None:
            if not focus:
                continue
            query = focused(query, re.search(r"CONSTRUCT\s*\{+\s*\?(\w+)", query).group(1), focus)
        found.update(store.query(query, prefixes=_PREFIXES, **options))
    new = [t for t in found if not any(store.quads_for_pattern(t.subject, t.predicate, t.object))]
    return sorted((ox.Quad(t.subject, t.predicate, t.object, inferred) for t in new), key=str)
