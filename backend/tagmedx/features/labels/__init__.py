"""Labels: the classes of a set that annotators choose, with colours and keyboard shortcuts."""
