"""Company login (issue 18): OpenID Connect through mozilla-django-oidc, and the group mapping.

A person signs in at their company's identity provider; the ``groups`` claim of their ID token
decides their role and accounts through ``GroupMapping`` rows an admin edits. The middleware
re-derives those grants when the mapping changes and re-checks the session with the provider
now and then, so a person moved out of a group, or disabled there, loses access.
"""
