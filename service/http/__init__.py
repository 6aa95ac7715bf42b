"""The HTTP layer: negotiation, one way to build a response, problems, caching, auth, observability, OpenAPI.

It stands on the store and the renderers and knows both; the routes stand on it.
"""
