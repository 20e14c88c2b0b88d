"""Drawing the graph: networkx projections read from the store, their metrics, and the drawings
made of them (offline HTML, GraphML/GEXF/CSV files) with the commands that ask for them.

May import: the top-level modules and `diplograph.store`; never `pipeline`, `publish` or `sources`.
"""
