"""Members of a group: list, change roles, remove or leave; a group always keeps an admin."""
