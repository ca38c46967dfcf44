"""Packages: the units of work annotators claim, fill and mark ready."""
