"""Template filters of the numbers app."""
