"""The overview: home (go to the person's first account) and the per-account overview page."""
