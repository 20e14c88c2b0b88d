"""Linked-data publication: dereferenceable IRIs, content negotiation, HTML pages, a SPARQL endpoint, a static site.

One module per responsibility: `iri` (which paths are which IRIs), `negotiation` (which format a
client gets), `describe` (what the store says about a resource), `formats` (RDF and SPARQL results
as bytes), `jsonld` (schema.org JSON-LD safe to embed in HTML), `pages` (HTML), `ontology_docs`
(pyLODE), `void` (VoID and DCAT), `sparql_endpoint` (the SPARQL 1.1 Protocol), `server` (Starlette
under uvicorn), `site` (the static publication) and `commands` (`diplograph serve` and `publish`).
"""
