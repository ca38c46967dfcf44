"""Sets: the collections of images a group annotates, each of one type with a package size."""
