"""People and roles: the custom user model and the admin pages that manage people."""
