"""Reading the built graph: where the store lives, the backends that open it (embedded Oxigraph,
rdflib in memory, a SPARQL server), query safety, result formats and the named query catalogue.

The lowest stage: it imports only the top-level modules (namespaces, terms, resources, reference).
"""
