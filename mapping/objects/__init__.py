"""The map by object: the object directory and figures, the object index, and the objects layer of the map."""
