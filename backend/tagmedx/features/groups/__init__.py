"""Groups: create, list, read, rename, delete, join by code, rotate the join code."""
