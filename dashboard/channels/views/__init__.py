"""Views of the channels app, one module per page family: channels, configuration, requests
and channel types. Every view's first line is the access helper."""
