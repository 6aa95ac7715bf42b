"""Routes: one thin controller per resource. A handler fetches, then hands over to `represent`."""
