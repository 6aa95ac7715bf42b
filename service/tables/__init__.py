"""The tables layer: table columns and CSV lines derived from the model, shared by the store and the renderers.

Below both: the store renders each record's CSV line when an article is written, the renderers when it is
served, and the two must agree byte for byte.
"""
