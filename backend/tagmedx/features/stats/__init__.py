"""Progress numbers of a group and of a set, each from a fixed number of aggregate queries."""
