"""Bringing outside data in: one subpackage per source, each reading its files, resolving the
entities they name against the graph, and writing one named graph per dataset under imports/.

May import: the top-level modules, `diplograph.store` and `diplograph.pipeline`; never `graphs` or `publish`.
"""
