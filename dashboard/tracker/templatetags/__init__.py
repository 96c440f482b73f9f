"""Template tags of the pending tracker."""
