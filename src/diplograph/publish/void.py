"""Descriptions of the dataset: VoID (statistics, linksets, endpoint, dumps), DCAT, SPARQL service description."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL

from diplograph import __version__
from diplograph.publish.describe import StoreReader
from diplograph.publish.iri import ONTOLOGY_IRI, IriPolicy
from diplograph.publish.jsonld import SCHEMA_CONTEXT

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
WIKIDATA = "http://www.wikidata.org/entity/"
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")

DUMPS = (
    ("dumps/diplograph.nt.gz", "application/n-triples", "application/gzip", "N-Triples, gzip"),
    ("dumps/diplograph.trig.gz", "application/trig", "application/gzip", "TriG, gzip (a named graph per data file)"),
    ("dumps/diplograph.jsonld.gz", "application/ld+json", "application/gzip", "JSON-LD, gzip (named graphs)"),
)
"""The whole dataset as files: path under the base, media type, compression, description."""

SEED_MEETING = "id/meeting/2025-08-08-jp-pe"

# Titles and summaries of the two dataset documents, for their HTML pages.
VOID_TITLE = {"en": "Dataset description (VoID)", "fr": "Description du jeu de données (VoID)"}
VOID_SUMMARY = {
    "en": "The dataset's statistics, classes, properties, links to Wikidata, endpoint and dumps.",
    "fr": "Statistiques, classes, propriétés, liens vers Wikidata, point d'accès et exports du jeu de données.",
}
CATALOG_TITLE = {"en": "Data catalogue (DCAT)", "fr": "Catalogue de données (DCAT)"}
CATALOG_SUMMARY = {
    "en": "The dataset, its downloadable distributions and its SPARQL service.",
    "fr": "Le jeu de données, ses distributions téléchargeables et son service SPARQL.",
}


@dataclass
class Statistics:
    """Counts for VoID: triples, entities, per class, per property, links to Wikidata."""

    triples: int
    entities: int
    classes: dict[URIRef, int]
    properties: dict[URIRef, int]
    wikidata_links: int
    sources: list[dict] = field(default_factory=list)
    """The imported datasets (dg:SourceDocument of status dataset): IRI, title, licence, repository, version."""


def statistics(reader: StoreReader, policy: IriPolicy) -> Statistics:
    """Count the dataset: distinct triples, entities under the base, per class and per property."""
    triples = reader.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    entities = reader.select(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {Literal(policy.base + 'id/').n3()})) }}"
    )
    classes = reader.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    properties = reader.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p"
    )
    links = reader.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
        f"FILTER(STRSTARTS(STR(?o), {Literal(WIKIDATA).n3()})) }}"
    )
    sources = reader.select(
        "PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?source (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?license) (SAMPLE(?r) AS ?repository) "
        "(SAMPLE(?v) AS ?version) (SAMPLE(?c) AS ?citation) WHERE { "
        "?source <https://w3id.org/diplograph/ontology#documentStatus> ?status ; dct:license ?l ; dct:source ?r . "
        f"FILTER(?status = {URIRef(policy.base + 'id/document-status/dataset').n3()}) "
        "OPTIONAL { ?source dct:title ?t } OPTIONAL { ?source dct:hasVersion ?v } "
        "OPTIONAL { ?source dct:bibliographicCitation ?c } "
        "} GROUP BY ?source ORDER BY ?source"
    )
    return Statistics(
        sources=[dict(row) for row in sources],
        triples=int(triples[0]["n"]),
        entities=int(entities[0]["n"]),
        classes={row["c"]: int(row["n"]) for row in classes if isinstance(row["c"], URIRef)},
        properties={row["p"]: int(row["n"]) for row in properties},
        wikidata_links=int(links[0]["n"]),
    )


def dataset_iri(policy: IriPolicy) -> URIRef:
    """The dataset's IRI, defined in the VoID document."""
    return URIRef(policy.base + ".well-known/void#dataset")


CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

RIGHTS = (
    "diplograph's own data is under CC0 1.0; each imported subset keeps its source's licence and credit "
    "(see its void:subset or dct:source description)."
)


def dataset_licence(stats: Statistics) -> URIRef | None:
    """The whole dataset's licence: CC0 while every part is CC0, CC BY 4.0 once a part requires it, and none
    (the parts' own licences only) if a source has a licence of another kind."""
    licences = {str(row["license"]) for row in stats.sources if row.get("license") is not None}
    if licences <= {str(CC0)}:
        return CC0
    return CC_BY_4 if licences <= {str(CC0), str(CC_BY_4)} else None


def _add_licence(graph: Graph, subject: URIRef, stats: Statistics) -> None:
    licence = dataset_licence(stats)
    if licence is not None:
        graph.add((subject, DCTERMS.license, licence))


def schema_org_dataset(stats: Statistics, policy: IriPolicy, name: str, description: str) -> dict:
    """The dataset as schema.org says it, for the home page: what search engines' dataset indexes read."""
    base = policy.base
    dataset = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Dataset",
        "@id": str(dataset_iri(policy)),
        "name": name,
        "description": description,
        "url": base,
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "contentUrl": base + path, "encodingFormat": media_type}
            for path, media_type, _, _ in DUMPS
        ],
    }
    if dataset_licence(stats) is not None:
        dataset["license"] = str(dataset_licence(stats))
    return dataset


def void_graph(stats: Statistics, policy: IriPolicy, endpoint: str | None) -> Graph:
    """The VoID description: the dataset, its statistics and partitions, its Wikidata linkset, endpoint and dumps."""
    graph = Graph()
    base = policy.base
    dataset = dataset_iri(policy)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("diplograph: bilateral diplomatic relations", lang="en")))
    graph.add((dataset, DCTERMS.title, Literal("diplograph : relations diplomatiques bilatérales", lang="fr")))
    _add_licence(graph, dataset, stats)
    graph.add((dataset, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    graph.add((dataset, FOAF.homepage, URIRef(base)))
    graph.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    graph.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY_IRI.rstrip("/") + "#")))
    graph.add((dataset, VOID.exampleResource, URIRef(base + SEED_MEETING)))
    graph.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.entities, Literal(stats.entities, datatype=XSD.integer)))
    graph.add((dataset, VOID.classes, Literal(len(stats.classes), datatype=XSD.integer)))
    graph.add((dataset, VOID.properties, Literal(len(stats.properties), datatype=XSD.integer)))
    if endpoint:
        graph.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    for path, _, _, _ in DUMPS:
        graph.add((dataset, VOID.dataDump, URIRef(base + path)))
    for number, (cls, count) in enumerate(sorted(stats.classes.items(), key=lambda kv: str(kv[0]))):
        partition = URIRef(f"{base}.well-known/void#class-{number}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for number, (prop, count) in enumerate(sorted(stats.properties.items(), key=lambda kv: str(kv[0]))):
        partition = URIRef(f"{base}.well-known/void#property-{number}")
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, prop))
        graph.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
    add_sources(graph, dataset, stats, policy, VOID.subset)
    wikidata = URIRef(base + ".well-known/void#wikidata")
    graph.add((wikidata, RDF.type, VOID.Dataset))
    graph.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    graph.add((wikidata, VOID.uriSpace, Literal(WIKIDATA)))
    linkset = URIRef(base + ".well-known/void#links-to-wikidata")
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((dataset, VOID.subset, linkset))
    graph.add((linkset, VOID.subjectsTarget, dataset))
    graph.add((linkset, VOID.objectsTarget, wikidata))
    graph.add((linkset, VOID.linkPredicate, OWL.sameAs))
    graph.add((linkset, VOID.triples, Literal(stats.wikidata_links, datatype=XSD.integer)))
    return graph


def dcat_graph(stats: Statistics, policy: IriPolicy, endpoint: str | None) -> Graph:
    """The DCAT catalogue: one dataset, its dump distributions and the SPARQL service."""
    graph = Graph()
    base = policy.base
    catalog = URIRef(base + "catalog")
    dataset = dataset_iri(policy)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("diplograph catalogue", lang="en")))
    graph.add((catalog, DCTERMS.title, Literal("catalogue diplograph", lang="fr")))
    graph.add((catalog, FOAF.homepage, URIRef(base)))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("diplograph: bilateral diplomatic relations", lang="en")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Who met whom, when, where, in what capacity, what they signed and talked about, from government "
                "readouts of leaders' meetings, with the source of every fact.",
                lang="en",
            ),
        )
    )
    _add_licence(graph, dataset, stats)
    graph.add((dataset, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    graph.add((dataset, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    graph.add((dataset, URIRef(str(DCAT) + "version"), Literal(__version__)))
    graph.add((dataset, DCAT.keyword, Literal("diplomacy", lang="en")))
    graph.add((dataset, DCAT.keyword, Literal("bilateral relations", lang="en")))
    graph.add((dataset, DCAT.landingPage, URIRef(base)))
    add_sources(graph, dataset, stats, policy, DCTERMS.source)
    for number, (path, media_type, compression, description) in enumerate(DUMPS):
        distribution = URIRef(f"{base}catalog#dump-{number}")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(description, lang="en")))
        graph.add((distribution, DCAT.downloadURL, URIRef(base + path)))
        graph.add((distribution, DCAT.accessURL, URIRef(base + path)))
        graph.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
        if compression:
            graph.add(
                (
                    distribution,
                    DCAT.compressFormat,
                    URIRef(f"https://www.iana.org/assignments/media-types/{compression}"),
                )
            )
        _add_licence(graph, distribution, stats)
    if endpoint:
        service = URIRef(base + "catalog#sparql")
        graph.add((catalog, DCAT.service, service))
        graph.add((service, RDF.type, DCAT.DataService))
        graph.add((service, DCTERMS.title, Literal("diplograph SPARQL endpoint (read-only)", lang="en")))
        graph.add((service, DCAT.endpointURL, URIRef(endpoint)))
        graph.add((service, DCAT.endpointDescription, URIRef(endpoint)))
        graph.add((service, DCAT.servesDataset, dataset))
        graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        distribution = URIRef(base + "catalog#sparql-distribution")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, URIRef(endpoint)))
        graph.add((distribution, DCAT.accessService, service))
    return graph


def add_sources(graph: Graph, dataset: URIRef, stats: Statistics, policy: IriPolicy, link: URIRef) -> None:
    """Credit each imported dataset: a void:Dataset and dcat:Dataset with its title, licence, source, version."""
    for row in stats.sources:
        source = URIRef(row["source"])
        graph.add((dataset, link, source))
        graph.add((source, RDF.type, VOID.Dataset))
        graph.add((source, RDF.type, DCAT.Dataset))
        for key, predicate in (("title", DCTERMS.title), ("citation", DCTERMS.bibliographicCitation)):
            if row.get(key) is not None:
                graph.add((source, predicate, row[key]))
        for key, predicate in (("license", DCTERMS.license), ("repository", DCTERMS.source)):
            graph.add((source, predicate, row[key]))
        if row.get("version") is not None:
            graph.add((source, DCTERMS.hasVersion, row["version"]))


SPARQL_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
RDF_FORMATS = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG")


def service_description(policy: IriPolicy, endpoint: str, stats: Statistics, graphs: Iterable[str] = ()) -> Graph:
    """The SPARQL 1.1 Service Description answered at the endpoint when there is no query (no federation).

    Its named graphs are the ones a request may name in default-graph-uri and named-graph-uri.
    """
    graph = Graph()
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in SPARQL_RESULT_FORMATS + RDF_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    default_dataset = URIRef(endpoint + "#dataset")
    default_graph = URIRef(endpoint + "#default-graph")
    graph.add((service, SD.defaultDataset, default_dataset))
    graph.add((default_dataset, RDF.type, SD.Dataset))
    graph.add((default_dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    for name in sorted(graphs):
        named = BNode()
        graph.add((default_dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    graph.add((service, DCTERMS.source, dataset_iri(policy)))
    return graph
