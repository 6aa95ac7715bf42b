"""The HTML renderer: the article page and the home page (see page.py), the review pages (draft.py); the other modules
shape what they show.

marks → entities → map, timeline, chart → page → draft (the review pages): each imports only those before it.
"""

from service.renderers.html.page import MEDIA_TYPE, RENDERER, home, security_headers

__all__ = ["MEDIA_TYPE", "RENDERER", "home", "security_headers"]
